/// Why a safetensors file or a Hugging Face model folder was refused; messages are for the user.
public enum SafetensorsError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file could not be opened, sized or mapped.
    case cannotOpen(path: String, reason: String)
    /// The 8-byte header length is missing, zero, larger than the cap, or runs past the end of the file.
    case invalidHeaderLength(path: String, length: UInt64)
    /// The header is not a JSON object of tensor entries.
    case invalidHeader(path: String, reason: String)
    /// A tensor has a dtype this engine cannot read.
    case unsupportedDType(tensor: String, dtype: String)
    /// A tensor's offsets are reversed, overlap the end of the file, or disagree with its shape.
    case invalidOffsets(tensor: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open \(path): \(reason)"
        case .invalidHeaderLength(let path, let length):
            return "invalid safetensors file \(path): header length \(length) is not valid for this file"
        case .invalidHeader(let path, let reason):
            return "invalid safetensors file \(path): \(reason)"
        case .unsupportedDType(let tensor, let dtype):
            return "unsupported safetensors dtype \(dtype) for tensor '\(tensor)' (supported: F32, F16, BF16)"
        case .invalidOffsets(let tensor, let reason):
            return "invalid safetensors tensor '\(tensor)': \(reason)"
        }
    }
}
