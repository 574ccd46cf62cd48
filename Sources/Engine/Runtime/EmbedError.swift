/// Why inputs could not be embedded; the texts are ollama's.
public enum EmbedError: Error, Equatable, CustomStringConvertible, Sendable {
    /// An input is longer than the context and truncation is off.
    case inputTooLong
    /// The model produced NaN or infinite values.
    case nonFinite
    /// The model's architecture does not produce embeddings.
    case notAnEmbeddingModel(String)

    public var description: String {
        switch self {
        case .inputTooLong: return "the input length exceeds the context length"
        case .nonFinite: return "embedding contains NaN or Inf values"
        case .notAnEmbeddingModel(let arch): return "model architecture \"\(arch)\" does not support embeddings"
        }
    }
}
