/// Why a model could not be loaded or run; messages are for the user.
public enum ModelError: Error, CustomStringConvertible, Equatable {
    case unsupportedArchitecture(String)
    case missingKey(String)
    case missingTensor(String)
    case badShape(tensor: String, expected: [Int], got: [Int])
    case unsupportedTensorType(tensor: String, type: String)
    case invalidHyperParameter(String)

    public var description: String {
        switch self {
        case .unsupportedArchitecture(let arch):
            return "unsupported model architecture \"\(arch)\""
        case .missingKey(let key):
            return "model is missing required metadata key \"\(key)\""
        case .missingTensor(let name):
            return "model is missing tensor \"\(name)\""
        case .badShape(let name, let expected, let got):
            return "tensor \"\(name)\" has shape \(got), expected \(expected)"
        case .unsupportedTensorType(let name, let type):
            return "tensor \"\(name)\" has unsupported type \(type)"
        case .invalidHyperParameter(let what):
            return "invalid model hyper-parameter: \(what)"
        }
    }
}
