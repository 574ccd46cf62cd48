/// A piece of input after special tokens are split out: raw text still to tokenize, or a token.
enum TextFragment: Equatable {
    /// Bytes `range` of the input.
    case text(Range<Int>)
    case token(Int32)
}

/// Splits special tokens out of the text before the tokenizer runs, reproducing llama.cpp's
/// `tokenizer_st_partition`: special tokens are tried longest text first (ties by id); each
/// one splits every still-raw fragment at its non-overlapping occurrences, left to right.
/// Control and unknown tokens take part only when `parseSpecial` is set; user-defined tokens always do.
struct SpecialTokenSplitter {
    private var trie = SpecialTokenTrie()
    /// Rank of each special token in the processing order (lower = earlier), by token id.
    private var rank: [Int32: Int] = [:]
    private var isControlOrUnknown: Set<Int32> = []

    init(vocabulary: ByteStringTable, types: [TokenType]) {
        var specials: [Int32] = []
        for (i, t) in types.enumerated() where t == .control || t == .userDefined || t == .unknown {
            if vocabulary.length(i) > 0 { specials.append(Int32(i)) }
        }
        specials.sort { a, b in
            let la = vocabulary.length(Int(a)), lb = vocabulary.length(Int(b))
            return la != lb ? la > lb : a < b
        }
        for (r, id) in specials.enumerated() {
            rank[id] = r
            trie.insert(vocabulary.bytes(Int(id)), token: id)
            if types[Int(id)] != .userDefined { isControlOrUnknown.insert(id) }
        }
    }

    /// The fragments of `text`, in order.
    func split(_ text: UnsafeBufferPointer<UInt8>, parseSpecial: Bool) -> [TextFragment] {
        // Every (token, start) occurrence, found with the trie.
        var occurrences: [(rank: Int, start: Int, length: Int, token: Int32)] = []
        for p in 0..<text.count {
            trie.matches(in: text, at: p) { token, length in
                if !parseSpecial && isControlOrUnknown.contains(token) { return }
                if let r = rank[token] { occurrences.append((r, p, length, token)) }
            }
        }
        guard !occurrences.isEmpty else { return text.isEmpty ? [] : [.text(0..<text.count)] }
        occurrences.sort { $0.rank != $1.rank ? $0.rank < $1.rank : $0.start < $1.start }
        // Simulate the sequential partition: a token takes an occurrence if no byte of it is
        // claimed yet and it does not overlap that token's previous occurrence.
        var claimedBy = [Int32](repeating: -1, count: text.count)
        var lastToken: Int32 = -1
        var lastEnd = 0
        var starts: [(start: Int, length: Int, token: Int32)] = []
        for o in occurrences {
            if o.token != lastToken { lastToken = o.token; lastEnd = 0 }
            guard o.start >= lastEnd else { continue }
            var free = true
            for i in o.start..<(o.start + o.length) where claimedBy[i] >= 0 { free = false; break }
            guard free else { continue }
            for i in o.start..<(o.start + o.length) { claimedBy[i] = o.token }
            starts.append((o.start, o.length, o.token))
            lastEnd = o.start + o.length
        }
        starts.sort { $0.start < $1.start }
        var out: [TextFragment] = []
        var cursor = 0
        for s in starts {
            if s.start > cursor { out.append(.text(cursor..<s.start)) }
            out.append(.token(s.token))
            cursor = s.start + s.length
        }
        if cursor < text.count { out.append(.text(cursor..<text.count)) }
        return out
    }
}
