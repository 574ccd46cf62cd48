/// Turns generated tokens into text as they arrive, holding back the bytes of a character
/// split across tokens (an emoji's 4 bytes may come as 4 byte tokens) until it is complete.
public struct StreamingDetokenizer {
    private let tokenizer: Tokenizer
    private let renderSpecial: Bool
    /// Bytes received but not yet emitted: at most the first 1–3 bytes of a UTF-8 sequence.
    private var pending: [UInt8] = []

    init(tokenizer: Tokenizer, renderSpecial: Bool) {
        self.tokenizer = tokenizer
        self.renderSpecial = renderSpecial
    }

    /// Adds a token and returns the text that is now complete (possibly empty).
    public mutating func append(_ token: Int32) -> String {
        pending.append(contentsOf: tokenizer.pieceBytes(token, renderSpecial: renderSpecial))
        let cut = Self.completePrefixLength(pending)
        guard cut > 0 else { return "" }
        let text = String(decoding: pending[..<cut], as: UTF8.self)
        pending.removeFirst(cut)
        return text
    }

    /// Returns what is left (an incomplete character becomes U+FFFD) and resets.
    public mutating func flush() -> String {
        defer { pending.removeAll() }
        return pending.isEmpty ? "" : String(decoding: pending, as: UTF8.self)
    }

    /// Length of the longest prefix of `bytes` that does not end inside an unfinished UTF-8 sequence.
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        let n = bytes.count
        // Look back at most 3 bytes for the lead byte of the last sequence.
        var i = n - 1
        while i >= 0, i >= n - 4 {
            let b = bytes[i]
            if b & 0xC0 != 0x80 {  // a lead byte or ASCII
                let need: Int
                switch b {
                case 0xF0...0xF7: need = 4
                case 0xE0...0xEF: need = 3
                case 0xC0...0xDF: need = 2
                default: need = 1
                }
                return n - i >= need ? n : i
            }
            i -= 1
        }
        return n  // only continuation bytes: invalid, let them be replaced
    }
}
