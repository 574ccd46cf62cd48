/// The kind of a vocabulary entry (`tokenizer.ggml.token_type`, llama.cpp's `llama_token_type`).
public enum TokenType: Int32, Sendable {
    case undefined = 0
    case normal = 1
    case unknown = 2
    /// A control token such as `<|im_start|>`: never produced from plain text, hidden when decoding.
    case control = 3
    /// A user-defined token: split out of the text before the tokenizer runs, decoded verbatim.
    case userDefined = 4
    case unused = 5
    /// A byte-fallback token `<0xNN>` (SentencePiece).
    case byte = 6
}
