/// Why a GGUF file was refused. Every message is meant for the user who supplied the file.
public enum GGUFError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file could not be opened, sized or mapped.
    case cannotOpen(path: String, reason: String)
    /// The first four bytes are not `GGUF`.
    case notGGUF
    /// The version field is not 2 or 3.
    case unsupportedVersion(UInt32)
    /// The file ends before the structure it announces (`what` names the field being read).
    case truncated(what: String)
    /// A count or length announces more data than the file holds.
    case countTooLarge(what: String, count: UInt64)
    /// A metadata value has an unknown type tag, or a nested array.
    case invalidValueType(key: String, type: UInt32)
    /// A metadata key appears twice.
    case duplicateKey(String)
    /// A well-known key holds a value of the wrong type or range (`general.alignment`).
    case invalidMetadata(key: String, reason: String)
    /// A tensor's type id is not a ggml type we know.
    case unknownTensorType(tensor: String, type: UInt32)
    /// A tensor's shape is empty, has a zero dimension, too many dimensions, overflows, or is not whole blocks.
    case invalidShape(tensor: String, reason: String)
    /// A tensor's data lies outside the file or is misaligned.
    case invalidOffset(tensor: String, reason: String)
    /// Two tensors share a name.
    case duplicateTensor(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open \(path): \(reason)"
        case .notGGUF:
            return "supplied file was not in GGUF format"
        case .unsupportedVersion(let v):
            return "unsupported GGUF version \(v) (supported: 2, 3)"
        case .truncated(let what):
            return "invalid GGUF file: unexpected end of file while reading \(what)"
        case .countTooLarge(let what, let count):
            return "invalid GGUF file: \(what) \(count) exceeds the file size"
        case .invalidValueType(let key, let type):
            return "invalid GGUF file: key '\(key)' has invalid value type \(type)"
        case .duplicateKey(let key):
            return "invalid GGUF file: duplicate key '\(key)'"
        case .invalidMetadata(let key, let reason):
            return "invalid GGUF file: key '\(key)' \(reason)"
        case .unknownTensorType(let name, let type):
            return "invalid GGUF file: tensor '\(name)' has unknown type \(type)"
        case .invalidShape(let name, let reason):
            return "invalid GGUF file: tensor '\(name)' \(reason)"
        case .invalidOffset(let name, let reason):
            return "invalid GGUF file: tensor '\(name)' \(reason)"
        case .duplicateTensor(let name):
            return "invalid GGUF file: duplicate tensor name '\(name)'"
        }
    }
}
