// MARK: - Decoding

extension Tokenizer {
    /// The bytes `token` stands for (llama.cpp's `token_to_piece`).
    ///
    /// Normal tokens decode through the byte-level mapping (BPE) or `▁` → space (SentencePiece);
    /// byte tokens `<0xNN>` give their byte; user-defined tokens give their text; control and
    /// unknown tokens give their text only when `renderSpecial`, else nothing.
    public func pieceBytes(_ token: Int32, renderSpecial: Bool = false) -> [UInt8] {
        guard token >= 0, Int(token) < types.count else { return [] }
        let raw = vocabulary.bytes(Int(token))
        switch types[Int(token)] {
        case .control, .unknown:
            return renderSpecial ? Array(raw) : []
        case .userDefined:
            return Array(raw)
        case .normal:
            switch model {
            case .bytePairEncoding:
                return ByteLevel.decode(Substring(String(decoding: raw, as: UTF8.self)).unicodeScalars)
            case .sentencePiece, .wordPiece:
                return Self.unescapeSpaces(raw)
            }
        case .byte:
            return Self.byteValue(raw).map { [$0] } ?? []
        case .undefined, .unused:
            return []
        }
    }

    /// The text of `tokens`. Invalid UTF-8 (a character cut at the end) becomes U+FFFD.
    ///
    /// - Parameters:
    ///   - renderSpecial: write control tokens as their text instead of dropping them.
    ///   - removeSpacePrefix: drop the leading space that `add_space_prefix` put before the
    ///     text when it was encoded (SentencePiece only; llama.cpp's `remove_special`). Leave it
    ///     false for generated text, whose first space is real.
    public func decode(_ tokens: [Int32], renderSpecial: Bool = false, removeSpacePrefix: Bool = false) -> String {
        var bytes: [UInt8] = []
        for t in tokens { bytes.append(contentsOf: pieceBytes(t, renderSpecial: renderSpecial)) }
        if removeSpacePrefix, model == .sentencePiece, addSpacePrefix, bytes.first == 0x20 { bytes.removeFirst() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A decoder for generated tokens that only ever emits whole characters.
    public func makeStreamingDecoder(renderSpecial: Bool = false) -> StreamingDetokenizer {
        StreamingDetokenizer(tokenizer: self, renderSpecial: renderSpecial)
    }

    /// `▁` (E2 96 81) → space.
    static func unescapeSpaces(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        while i < raw.endIndex {
            if raw[i] == 0xE2, i + 2 < raw.endIndex, raw[i + 1] == 0x96, raw[i + 2] == 0x81 {
                out.append(0x20)
                i += 3
            } else {
                out.append(raw[i])
                i += 1
            }
        }
        return out
    }

    /// The value of a `<0xNN>` token text.
    static func byteValue(_ raw: ArraySlice<UInt8>) -> UInt8? {
        guard raw.count == 6, raw.starts(with: Array("<0x".utf8)), raw.last == UInt8(ascii: ">") else { return nil }
        let hex = String(decoding: raw.dropFirst(3).prefix(2), as: UTF8.self)
        return UInt8(hex, radix: 16)
    }
}
