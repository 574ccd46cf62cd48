/// A byte trie over the texts of special tokens, to find every special token that starts at a
/// given position of a text in one walk.
struct SpecialTokenTrie {
    /// Child of (node, byte): key = node << 8 | byte.
    private var children: [Int: Int32] = [:]
    /// Token ending at each node, or -1.
    private var terminal: [Int32] = [-1]
    /// Bytes that start some token (a quick filter).
    private var firstBytes = [Bool](repeating: false, count: 256)

    init() {}

    /// Adds `bytes` as the text of `token`.
    mutating func insert(_ bytes: ArraySlice<UInt8>, token: Int32) {
        guard let first = bytes.first else { return }
        firstBytes[Int(first)] = true
        var node = 0
        for b in bytes {
            let key = node << 8 | Int(b)
            if let child = children[key] {
                node = Int(child)
            } else {
                terminal.append(-1)
                let child = terminal.count - 1
                children[key] = Int32(child)
                node = child
            }
        }
        terminal[node] = token
    }

    /// Calls `found(token, length)` for every token whose text starts at `text[position]`.
    func matches(in text: UnsafeBufferPointer<UInt8>, at position: Int, _ found: (Int32, Int) -> Void) {
        guard firstBytes[Int(text[position])] else { return }
        var node = 0
        var i = position
        while i < text.count, let child = children[node << 8 | Int(text[i])] {
            node = Int(child)
            i += 1
            if terminal[node] >= 0 { found(terminal[node], i - position) }
        }
    }
}
