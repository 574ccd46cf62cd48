import Foundation

/// The byte strings of a vocabulary as a trie in preorder, so that a grammar walks each shared
/// prefix once per step, and a subtree (every token extending a prefix) is a contiguous range.
///
/// Tokens are sorted by their bytes (`Tokenizer.pieceBytes`); node `n`'s subtree is the nodes
/// `n..<end[n]`, and the tokens through it are `sortedTokens[tokenStart[n]..<tokenStart[end[n]]]`,
/// those ending exactly at `n` first (`terminalCount[n]` of them). End-of-generation tokens and
/// tokens without bytes (control tokens) are not in the trie.
package final class TokenTrie: @unchecked Sendable {
    /// Number of tokens of the vocabulary.
    package let vocabularySize: Int
    /// The byte on the edge into each node: [nodes] (node 0 is the root; its byte is unused).
    let byte: [UInt8]
    /// One past the last node of each subtree: [nodes].
    let end: [Int32]
    /// Index in `sortedTokens` of the first token of each subtree: [nodes + 1] (a sentinel last).
    let tokenStart: [Int32]
    /// Tokens ending exactly at each node: [nodes].
    let terminalCount: [Int32]
    /// Token ids in byte order.
    let sortedTokens: [Int32]
    /// Tokens that end generation (allowed only when a grammar is complete).
    package let endOfGeneration: [Int32]

    private let lock = NSLock()
    private var withinCache: [ByteSet: [Bool]] = [:]

    /// Builds the trie of `tokenizer`'s vocabulary.
    package init(tokenizer: Tokenizer) {
        let n = tokenizer.vocabularySize
        vocabularySize = n
        var pieces = [[UInt8]](repeating: [], count: n)
        var ids: [Int32] = []
        ids.reserveCapacity(n)
        for t in 0..<n {
            let id = Int32(t)
            if tokenizer.isEndOfGeneration(id) { continue }
            let bytes = tokenizer.pieceBytes(id)
            if bytes.isEmpty { continue }
            pieces[t] = bytes
            ids.append(id)
        }
        ids.sort { a, b in
            let x = pieces[Int(a)], y = pieces[Int(b)]
            return x == y ? a < b : x.lexicographicallyPrecedes(y)
        }
        endOfGeneration = tokenizer.endOfGeneration.sorted()
        sortedTokens = ids

        var byte: [UInt8] = [0]
        var end: [Int32] = [0]
        var tokenStart: [Int32] = [0]
        var terminal: [Int32] = [0]
        var path: [Int32] = [0]  // path[d] = node at depth d
        var previous: [UInt8] = []
        for (k, id) in ids.enumerated() {
            let bytes = pieces[Int(id)]
            var common = 0
            while common < min(previous.count, bytes.count), previous[common] == bytes[common] { common += 1 }
            while path.count - 1 > common { end[Int(path.removeLast())] = Int32(byte.count) }
            for d in common..<bytes.count {
                byte.append(bytes[d])
                end.append(0)
                tokenStart.append(Int32(k))
                terminal.append(0)
                path.append(Int32(byte.count - 1))
            }
            terminal[Int(path[path.count - 1])] += 1
            previous = bytes
        }
        for node in path { end[Int(node)] = Int32(byte.count) }
        tokenStart.append(Int32(ids.count))
        self.byte = byte
        self.end = end
        self.tokenStart = tokenStart
        self.terminalCount = terminal
    }

    /// Number of nodes, the root included.
    package var nodeCount: Int { byte.count }

    /// For each node, whether every byte below it (its strict descendants' edges) is in `set`;
    /// computed once per set and kept.
    func subtreeWithin(_ set: ByteSet) -> [Bool] {
        lock.lock()
        defer { lock.unlock() }
        if let flags = withinCache[set] { return flags }
        let count = byte.count
        var flags = [Bool](repeating: true, count: count)
        for node in stride(from: count - 1, through: 0, by: -1) {
            var child = node + 1
            let stop = Int(end[node])
            var all = true
            while child < stop {
                if !flags[child] || !set.contains(byte[child]) {
                    all = false
                    break
                }
                child = Int(end[child])
            }
            flags[node] = all
        }
        withinCache[set] = flags
        return flags
    }

    // MARK: - Shared tries

    private static let sharedLock = NSLock()
    nonisolated(unsafe) private static var shared: [ObjectIdentifier: (tokenizer: Weak, trie: TokenTrie)] = [:]

    private final class Weak {
        weak var value: Tokenizer?
        init(_ value: Tokenizer) { self.value = value }
    }

    /// The trie of `tokenizer`, built on first use and kept while the tokenizer lives.
    package static func shared(for tokenizer: Tokenizer) -> TokenTrie {
        let key = ObjectIdentifier(tokenizer)
        sharedLock.lock()
        if let entry = shared[key], entry.tokenizer.value === tokenizer {
            sharedLock.unlock()
            return entry.trie
        }
        sharedLock.unlock()
        let trie = TokenTrie(tokenizer: tokenizer)
        sharedLock.lock()
        defer { sharedLock.unlock() }
        shared = shared.filter { $0.value.tokenizer.value != nil }
        shared[key] = (Weak(tokenizer), trie)
        return trie
    }
}
