/// Why a Hugging Face folder could not be converted to GGUF; messages are for the user.
public enum ConversionError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A required file is missing from the folder.
    case missingFile(String)
    /// A JSON file could not be parsed or lacks a required field.
    case invalidJSON(file: String, reason: String)
    /// `config.json` names an architecture the converter does not handle.
    case unsupportedArchitecture(String)
    /// A tensor name the converter does not know for this architecture.
    case unknownTensor(String)
    /// A tensor the architecture needs is absent.
    case missingTensor(String)
    /// A tensor's shape does not match `config.json`.
    case badShape(tensor: String, reason: String)
    /// The tokenizer files cannot be turned into a GGUF vocabulary.
    case unsupportedTokenizer(String)

    public var description: String {
        switch self {
        case .missingFile(let name): return "no \(name) found in the model directory"
        case .invalidJSON(let file, let reason): return "invalid \(file): \(reason)"
        case .unsupportedArchitecture(let arch): return "unsupported architecture \"\(arch)\""
        case .unknownTensor(let name): return "cannot map tensor \"\(name)\""
        case .missingTensor(let name): return "model is missing tensor \"\(name)\""
        case .badShape(let name, let reason): return "tensor \"\(name)\" \(reason)"
        case .unsupportedTokenizer(let reason): return "unsupported tokenizer: \(reason)"
        }
    }
}
