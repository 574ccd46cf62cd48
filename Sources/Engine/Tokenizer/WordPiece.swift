/// Greedy longest-match-first WordPiece over a vocabulary stored as llama.cpp stores BERT
/// vocabularies in GGUF: a token that starts a word carries the phantom space `▁` (U+2581)
/// (`▁hello`), a continuation piece is stored bare (`llo`, written `##llo` in `vocab.txt`), and
/// control tokens (`[CLS]`) are stored as they are.
///
/// Each word is split from its first character: the longest vocabulary entry that matches is taken
/// (`▁`-prefixed at the word start), then the longest continuation from where it ended, and so on.
/// A word with a part no entry matches, or longer than `maxCharactersPerWord`, becomes `[UNK]`.
struct WordPiece: Sendable {
    /// The UTF-8 bytes of `▁`.
    static let phantomSpace: [UInt8] = [0xE2, 0x96, 0x81]

    let preTokenizer: BertPreTokenizer
    /// The token for words that cannot be split.
    let unknown: Int32
    /// Longer words become `[UNK]` (Hugging Face's `max_input_chars_per_word`).
    let maxCharactersPerWord: Int

    /// Appends the ids of `text` (no [CLS]/[SEP]) to `output`.
    func encode(_ text: Substring, vocabulary: ByteStringTable, into output: inout [Int32]) {
        var buffer: [UInt8] = []
        var boundaries: [Int] = []
        for word in preTokenizer.words(text) {
            guard word.count <= maxCharactersPerWord else {
                output.append(unknown)
                continue
            }
            buffer.removeAll(keepingCapacity: true)
            boundaries.removeAll(keepingCapacity: true)
            buffer.append(contentsOf: Self.phantomSpace)
            for s in word {
                boundaries.append(buffer.count)
                buffer.append(contentsOf: String(s).utf8)
            }
            boundaries.append(buffer.count)
            encodeWord(buffer, boundaries, vocabulary, &output)
        }
    }

    /// One word: `bytes` = `▁` + the word's UTF-8, `boundaries` = byte offsets of its characters
    /// (the first is 3, the last is `bytes.count`).
    private func encodeWord(_ bytes: [UInt8], _ boundaries: [Int], _ vocabulary: ByteStringTable,
                            _ output: inout [Int32]) {
        let first = output.count
        var start = 0  // index into boundaries
        let last = boundaries.count - 1
        bytes.withUnsafeBytes { raw in
            while start < last {
                // The word start includes the phantom space; continuations do not.
                let from = start == 0 ? 0 : boundaries[start]
                var end = last
                var found: Int32?
                while end > start {
                    let key = UnsafeRawBufferPointer(rebasing: raw[from..<boundaries[end]])
                    if let id = vocabulary.id(of: key) {
                        found = id
                        break
                    }
                    end -= 1
                }
                guard let id = found else {
                    output.removeSubrange(first...)
                    output.append(unknown)
                    return
                }
                output.append(id)
                start = end
            }
        }
    }
}
