/// Byte-level BPE (`tokenizer.ggml.model = gpt2`), as llama.cpp's `llm_tokenizer_bpe_session`.
///
/// A piece starts as one symbol per byte (each byte's GPT-2 character is a vocabulary token).
/// Adjacent pairs listed in `tokenizer.ggml.merges` are merged, lowest rank first and the
/// leftmost pair on ties (llama.cpp's `llm_bigram_bpe::comparator`), until no pair has a rank.
struct BytePairEncoding {
    /// Rank and result of merging (left id, right id): key = left << 32 | right.
    private let merges: [UInt64: (rank: Int32, merged: Int32)]
    /// Token of each byte's GPT-2 character, -1 if the vocabulary lacks it.
    private let byteTokens: [Int32]
    private let preTokenizer: PreTokenizer

    init(vocabulary: ByteStringTable, merges lines: [String], preTokenizer: PreTokenizer) throws {
        var byteTokens = [Int32](repeating: -1, count: 256)
        for b in 0..<256 {
            byteTokens[b] = vocabulary.id(of: Array(String(Character(ByteLevel.scalar[b])).utf8)) ?? -1
        }
        var table: [UInt64: (rank: Int32, merged: Int32)] = [:]
        table.reserveCapacity(lines.count)
        for (rank, line) in lines.enumerated() {
            let bytes = Array(line.utf8)
            // Split at the first space after the first byte (llama.cpp: `word.find(' ', 1)`).
            guard bytes.count > 2, let space = bytes[1...].firstIndex(of: 0x20) else {
                throw TokenizerError.invalidVocabulary("merge \(rank) '\(line)' is not two tokens separated by a space")
            }
            let left = bytes[..<space], right = bytes[(space + 1)...]
            // A merge whose parts or result are not tokens can never apply to token symbols.
            guard let l = vocabulary.id(of: left), let r = vocabulary.id(of: right),
                  let m = vocabulary.id(of: Array(left) + Array(right)) else { continue }
            let key = UInt64(UInt32(l)) << 32 | UInt64(UInt32(r))
            if table[key] == nil { table[key] = (Int32(rank), m) }
        }
        self.merges = table
        self.byteTokens = byteTokens
        self.preTokenizer = preTokenizer
    }

    /// Appends the tokens of a raw text fragment.
    func encode(_ text: Substring, vocabulary: ByteStringTable, into output: inout [Int32]) {
        let scalars = ScalarText(Array(text.unicodeScalars))
        var bytes: [UInt8] = []
        for piece in preTokenizer.split(scalars) {
            bytes.removeAll(keepingCapacity: true)
            for i in piece { if let e = UTF8.encode(scalars.scalars[i]) { bytes.append(contentsOf: e) } }
            encodePiece(bytes, vocabulary: vocabulary, into: &output)
        }
    }

    /// BPE of one pre-tokenized piece (its UTF-8 bytes).
    private func encodePiece(_ bytes: [UInt8], vocabulary: ByteStringTable, into output: inout [Int32]) {
        if bytes.count == 1 {
            if byteTokens[Int(bytes[0])] >= 0 { output.append(byteTokens[Int(bytes[0])]) }
            return
        }
        if preTokenizer.ignoresMerges {
            let mapped = Array(bytes.map { String(Character(ByteLevel.scalar[Int($0)])) }.joined().utf8)
            if let whole = vocabulary.id(of: mapped) {
                output.append(whole)
                return
            }
        }
        var ids = bytes.map { byteTokens[Int($0)] }
        var prev = Array(-1..<(ids.count - 1))
        var next = Array(1...ids.count)
        next[ids.count - 1] = -1
        // Queue entries: (rank, left index, left id, right id); stale when the ids changed.
        typealias Bigram = (rank: Int32, left: Int, leftID: Int32, rightID: Int32)
        var queue = MergeHeap<Bigram>(reserve: ids.count) { a, b in
            a.rank != b.rank ? a.rank < b.rank : a.left < b.left
        }
        func consider(_ left: Int) {
            guard left >= 0, next[left] >= 0 else { return }
            let l = ids[left], r = ids[next[left]]
            guard l >= 0, r >= 0, let m = merges[UInt64(UInt32(l)) << 32 | UInt64(UInt32(r))] else { return }
            queue.push((m.rank, left, l, r))
        }
        for i in 0..<(ids.count - 1) { consider(i) }
        while let b = queue.pop() {
            let right = next[b.left]
            guard right >= 0, ids[b.left] == b.leftID, ids[right] == b.rightID,
                  let m = merges[UInt64(UInt32(b.leftID)) << 32 | UInt64(UInt32(b.rightID))] else { continue }
            ids[b.left] = m.merged
            ids[right] = -2  // removed
            next[b.left] = next[right]
            if next[right] >= 0 { prev[next[right]] = b.left }
            consider(prev[b.left])
            consider(b.left)
        }
        var i = 0
        while i >= 0 {
            if ids[i] >= 0 { output.append(ids[i]) }
            i = next[i]
        }
    }
}
