/// SentencePiece BPE (`tokenizer.ggml.model = llama`), as llama.cpp's `llm_tokenizer_spm_session`.
///
/// Spaces become `▁` (U+2581); the text starts as one symbol per UTF-8 character; the adjacent
/// pair whose concatenation is a vocabulary token with the highest score merges first (the
/// leftmost on ties), until no pair forms a token. A final symbol that is not a token is
/// written as byte-fallback tokens `<0xNN>`.
struct SentencePiece {
    /// `<0xNN>` token of each byte, or the byte's own one-character token, or -1.
    private let byteTokens: [Int32]
    private let scores: [Float]

    init(vocabulary: ByteStringTable, scores: [Float]) {
        var byteTokens = [Int32](repeating: -1, count: 256)
        for b in 0..<256 {
            let hex = "<0x" + String(b, radix: 16, uppercase: true).leftPadded(to: 2) + ">"
            byteTokens[b] = vocabulary.id(of: Array(hex.utf8)) ?? vocabulary.id(of: [UInt8(b)]) ?? -1
        }
        self.byteTokens = byteTokens
        self.scores = scores
    }

    /// The byte-fallback token of `byte`, or nil.
    func byteToken(_ byte: UInt8) -> Int32? {
        byteTokens[Int(byte)] >= 0 ? byteTokens[Int(byte)] : nil
    }

    /// Appends the tokens of a raw text fragment (already prefixed with a space if required).
    func encode(_ text: Substring, vocabulary: ByteStringTable, into output: inout [Int32]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for b in text.utf8 {
            if b == 0x20 { bytes.append(contentsOf: [0xE2, 0x96, 0x81]) } else { bytes.append(b) }
        }
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { encode(escaped: $0, vocabulary: vocabulary, into: &output) }
    }

    private func encode(escaped text: UnsafeRawBufferPointer, vocabulary: ByteStringTable, into output: inout [Int32]) {
        var symbols: [MergeSymbol] = []
        symbols.reserveCapacity(text.count)
        var offset = 0
        while offset < text.count {
            let length = min(Self.utf8Length(text[offset]), text.count - offset)
            symbols.append(MergeSymbol(start: offset, length: length, prev: symbols.count - 1, next: symbols.count + 1))
            offset += length
        }
        symbols[symbols.count - 1].next = -1
        typealias Bigram = (score: Float, left: Int, right: Int, size: Int)
        var queue = MergeHeap<Bigram>(reserve: symbols.count) { a, b in
            a.score != b.score ? a.score > b.score : a.left < b.left
        }
        func consider(_ left: Int, _ right: Int) {
            guard left >= 0, right >= 0 else { return }
            let start = symbols[left].start
            let size = symbols[left].length + symbols[right].length
            guard let id = vocabulary.id(of: UnsafeRawBufferPointer(rebasing: text[start..<(start + size)])) else { return }
            queue.push((scores[Int(id)], left, right, size))
        }
        for i in 1..<symbols.count { consider(i - 1, i) }
        while let b = queue.pop() {
            let l = symbols[b.left], r = symbols[b.right]
            // Stale: one side was merged away or changed size since this pair was queued.
            guard l.length > 0, r.length > 0, l.length + r.length == b.size else { continue }
            symbols[b.left].length += r.length
            symbols[b.right].length = 0
            symbols[b.left].next = r.next
            if r.next >= 0 { symbols[r.next].prev = b.left }
            consider(symbols[b.left].prev, b.left)
            consider(b.left, symbols[b.left].next)
        }
        var i = 0
        while i >= 0 {
            let s = symbols[i]
            let piece = UnsafeRawBufferPointer(rebasing: text[s.start..<(s.start + s.length)])
            if let id = vocabulary.id(of: piece) {
                output.append(id)
            } else {
                for byte in piece { if byteTokens[Int(byte)] >= 0 { output.append(byteTokens[Int(byte)]) } }
            }
            i = s.next
        }
    }

    /// Length of a UTF-8 sequence from its first byte (llama.cpp's `unicode_len_utf8`).
    static func utf8Length(_ first: UInt8) -> Int {
        switch first >> 4 {
        case 0xF: return 4
        case 0xE: return 3
        case 0xC, 0xD: return 2
        default: return 1
        }
    }
}

extension String {
    /// The string with leading zeros up to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
