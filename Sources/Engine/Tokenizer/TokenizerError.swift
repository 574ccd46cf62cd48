/// Why a tokenizer could not be built from a model's metadata.
public enum TokenizerError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A required `tokenizer.ggml.*` key is missing or has the wrong type.
    case missingKey(String)
    /// `tokenizer.ggml.model` names a tokenizer we do not implement.
    case unsupportedModel(String)
    /// `tokenizer.ggml.pre` names a pre-tokenizer we do not implement.
    case unsupportedPreTokenizer(String)
    /// Two parallel arrays (tokens, scores, types) disagree in length.
    case lengthMismatch(key: String, expected: Int, actual: Int)
    /// A special token id (`bos_token_id`, …) is outside the vocabulary.
    case tokenOutOfRange(key: String, id: Int)
    /// A vocabulary entry or merge rule is malformed.
    case invalidVocabulary(String)

    public var description: String {
        switch self {
        case .missingKey(let key):
            return "invalid tokenizer: missing or mistyped key '\(key)'"
        case .unsupportedModel(let model):
            return "unsupported tokenizer model '\(model)'"
        case .unsupportedPreTokenizer(let pre):
            return "unsupported pre-tokenizer '\(pre)'"
        case .lengthMismatch(let key, let expected, let actual):
            return "invalid tokenizer: '\(key)' has \(actual) entries, expected \(expected)"
        case .tokenOutOfRange(let key, let id):
            return "invalid tokenizer: '\(key)' = \(id) is outside the vocabulary"
        case .invalidVocabulary(let reason):
            return "invalid tokenizer: \(reason)"
        }
    }
}
