/// A `TokenConstraint` from a grammar: each step walks the vocabulary trie once against the
/// matcher's configurations, pruning every subtree the grammar rejects.
///
/// Inside a self-loop (string characters, digits) a subtree whose bytes all stay in the loop is
/// allowed whole without walking it. Masks are cached per configuration set, so the steps of a
/// long string reuse one walk. End-of-generation tokens are allowed only when the root may end.
package final class GrammarConstraint: TokenConstraint {
    package let automaton: GrammarAutomaton
    package let trie: TokenTrie
    let tokenizer: Tokenizer
    let matcher: GrammarMatcher
    /// The current configurations.
    package private(set) var configurations: [GrammarConfiguration] = []
    /// Whether the root rule may end here.
    package private(set) var canEnd = false
    /// Set once an end-of-generation token was accepted.
    private var ended = false

    /// Trie-node flags of each loop set of the automaton, fetched when first needed.
    private var loopFlags: [[Bool]?]
    /// Walk scratch: frames of configurations, one per trie depth.
    private var scratch: [GrammarConfiguration] = []
    /// The allowed-token bitset being built: [vocabularySize / 64 rounded up].
    private var bits: [UInt64]
    private var cache: [MaskKey: [UInt64]] = [:]
    private var cacheOrder: [MaskKey] = []
    /// Masks kept (LRU).
    static let cacheLimit = 32

    private struct MaskKey: Hashable {
        var configurations: [GrammarConfiguration]
        var canEnd: Bool
    }

    /// A constraint matching `automaton` over `tokenizer`'s vocabulary.
    package init(automaton: GrammarAutomaton, tokenizer: Tokenizer) {
        self.automaton = automaton
        self.tokenizer = tokenizer
        trie = TokenTrie.shared(for: tokenizer)
        matcher = GrammarMatcher(automaton)
        loopFlags = Array(repeating: nil, count: automaton.loopSets.count)
        bits = Array(repeating: 0, count: (trie.vocabularySize + 63) / 64)
        canEnd = matcher.initial(into: &configurations)
    }

    /// Convenience: compiles `grammar` and constrains `tokenizer` with it.
    package convenience init(grammar: Grammar, tokenizer: Tokenizer) throws {
        self.init(automaton: try GrammarAutomaton(grammar), tokenizer: tokenizer)
    }

    package var isComplete: Bool { ended || (configurations.isEmpty && canEnd) }

    // MARK: - Accepting

    package func accept(_ token: Int32) throws {
        if tokenizer.isEndOfGeneration(token) {
            guard canEnd else { throw GrammarError.tokenRejected(token) }
            ended = true
            return
        }
        let bytes = tokenizer.pieceBytes(token)
        guard !bytes.isEmpty, !ended, advance(bytes) else { throw GrammarError.tokenRejected(token) }
    }

    /// Feeds raw bytes (tests, prefilled text).
    ///
    /// - Returns: false (state unchanged) if the grammar rejects them.
    @discardableResult
    package func advance(_ bytes: [UInt8]) -> Bool {
        guard !ended, let (next, end) = run(bytes) else { return false }
        configurations = next
        canEnd = end
        return true
    }

    /// Whether the grammar accepts `bytes` from here (state unchanged).
    package func allows(_ bytes: [UInt8]) -> Bool {
        !ended && run(bytes) != nil
    }

    /// The configurations after `bytes`, and whether the root may end there; nil if rejected.
    private func run(_ bytes: [UInt8]) -> ([GrammarConfiguration], Bool)? {
        var current = configurations
        var end = canEnd
        for b in bytes {
            if current.isEmpty { return nil }  // complete, yet bytes remain
            let mark = current.count
            end = matcher.step(0..<mark, b, into: &current)
            current.removeFirst(mark)
            if current.isEmpty && !end { return nil }
        }
        return (current, end)
    }

    // MARK: - Masking

    package func mask(_ logits: UnsafeMutablePointer<Float>, count: Int) -> Int {
        let key = MaskKey(configurations: configurations.sorted { ($0.position, $0.stack) < ($1.position, $1.stack) },
                          canEnd: canEnd && !ended)
        if let cached = cache[key] {
            bits = cached
        } else {
            computeBits(canEnd: key.canEnd)
            remember(key)
        }
        return apply(logits, count: count)
    }

    private func remember(_ key: MaskKey) {
        if cache.count >= Self.cacheLimit, let oldest = cacheOrder.first {
            cache[oldest] = nil
            cacheOrder.removeFirst()
        }
        cache[key] = bits
        cacheOrder.append(key)
    }

    /// Fills `bits` with the tokens allowed from the current configurations.
    private func computeBits(canEnd: Bool) {
        for i in bits.indices { bits[i] = 0 }
        if !ended {
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: configurations)
            if !scratch.isEmpty { walk(0, frame: 0..<scratch.count) }
        }
        if canEnd {
            for t in trie.endOfGeneration where Int(t) < trie.vocabularySize { setBit(Int(t)) }
        }
    }

    @inline(__always)
    private func setBit(_ t: Int) {
        bits[t >> 6] |= 1 << UInt64(t & 63)
    }

    /// Marks the tokens `sortedTokens[range]`.
    @inline(__always)
    private func markTokens(_ from: Int32, _ to: Int32) {
        var i = Int(from)
        let stop = Int(to)
        while i < stop {
            setBit(Int(trie.sortedTokens[i]))
            i += 1
        }
    }

    /// Walks the children of trie node `node` from the configurations `scratch[frame]`.
    private func walk(_ node: Int, frame: Range<Int>) {
        let t = trie
        var loop = -1
        var flags: [Bool] = []
        if frame.count == 1 {
            let k = Int(automaton.loopClass[Int(scratch[frame.lowerBound].position)])
            if k >= 0 {
                loop = k
                flags = loopFlagsFor(k)
            }
        }
        var child = node + 1
        let stop = Int(t.end[node])
        while child < stop {
            let b = t.byte[child]
            let next = Int(t.end[child])
            if loop >= 0, flags[child], automaton.loopSets[loop].contains(b) {
                markTokens(t.tokenStart[child], t.tokenStart[next])
                child = next
                continue
            }
            let mark = scratch.count
            let end = matcher.step(frame, b, into: &scratch)
            if mark < scratch.count || end {
                let first = t.tokenStart[child]
                markTokens(first, first + t.terminalCount[child])
                if mark < scratch.count, next > child + 1 { walk(child, frame: mark..<scratch.count) }
            }
            scratch.removeSubrange(mark...)
            child = next
        }
    }

    private func loopFlagsFor(_ k: Int) -> [Bool] {
        if let flags = loopFlags[k] { return flags }
        let flags = trie.subtreeWithin(automaton.loopSets[k])
        loopFlags[k] = flags
        return flags
    }

    /// Writes -∞ over the logits of tokens not in `bits`; returns how many remain.
    private func apply(_ logits: UnsafeMutablePointer<Float>, count: Int) -> Int {
        var allowed = 0
        let vocabulary = min(count, trie.vocabularySize)
        for w in 0..<bits.count {
            let word = bits[w]
            allowed += word.nonzeroBitCount
            if word == .max { continue }
            let base = w << 6
            let top = min(64, vocabulary - base)
            var i = 0
            while i < top {
                if word & (1 << UInt64(i)) == 0 { logits[base + i] = -.infinity }
                i += 1
            }
        }
        var i = vocabulary
        while i < count {
            logits[i] = -.infinity
            i += 1
        }
        return allowed
    }
}
