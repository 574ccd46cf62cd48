/// A `TokenConstraint` from a grammar: each step walks the vocabulary trie once against the
/// matcher's configurations, pruning every subtree the grammar rejects.
///
/// Inside a self-loop (string characters, digits) a subtree whose bytes all stay in the loop is
/// allowed whole without walking it. Masks are cached per configuration set, so the steps of a
/// long string reuse one walk. End-of-generation tokens are allowed only when the root may end.
///
/// With a token budget (`setBudget`), the document is closed before the budget runs out:
/// once the tokens left come within `budgetMargin` of the bytes needed to finish (the shortest
/// completion: close the string, the fewest bytes of a required value, the required properties,
/// the brackets), only tokens after which the rest still fits are allowed, and once the root
/// may end only end-of-generation. A byte is at most one token (every vocabulary has its
/// single-byte tokens), so a budget in bytes is a safe bound on tokens.
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

    /// Tokens that may still be sampled, the next one included (nil: no budget).
    package private(set) var remaining: Int?
    /// Slack (tokens beyond the shortest completion and the end token) below which the budget
    /// filters tokens. It must exceed what one token can add to the completion (an opening
    /// `":[{"` adds a handful of bytes), and keeps the filtered walks to the last few steps.
    package static let budgetMargin = 16
    /// The completion bound of the current walk (`Int32.max`: none).
    private var walkLimit = Int32.max
    /// Completion distances of the automaton's positions, and of the stacks (by node).
    private lazy var distances: [Int32] = automaton.completionDistances()
    private var stackDistances: [Int32] = [0]

    private struct MaskKey: Hashable {
        var configurations: [GrammarConfiguration]
        var canEnd: Bool
        /// The completion bound (`Int32.max` when the budget is far).
        var limit: Int32
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

    package func setBudget(remaining: Int) {
        self.remaining = remaining
    }

    // MARK: - Completion distance

    /// The fewest bytes that finish the document from here (0 when it may end now).
    package var completionDistance: Int {
        Int(canEnd ? 0 : distance(of: configurations[...]))
    }

    /// The fewest bytes that finish the document from any of `configurations`.
    private func distance(of configurations: ArraySlice<GrammarConfiguration>) -> Int32 {
        let stacks = matcher.stacks
        while stackDistances.count < stacks.count {  // a node's lower stack is older
            let n = stackDistances.count
            stackDistances.append(min(GrammarAutomaton.unreachable,
                                      distances[Int(stacks.top[n])] + stackDistances[Int(stacks.below[n])]))
        }
        var best = GrammarAutomaton.unreachable
        for c in configurations {
            best = min(best, distances[Int(c.position)] + stackDistances[Int(c.stack)])
        }
        return best
    }

    /// The completion bound for this step's tokens, or `Int32.max` while the budget is far:
    /// after the next token, the rest of the document and an end token must fit in what is left
    /// (at least one byte of progress when even that no longer fits).
    private func currentLimit() -> Int32 {
        guard let remaining, !ended else { return .max }
        let needed = completionDistance
        guard remaining - 2 - needed <= Self.budgetMargin else { return .max }
        return Int32(clamping: max(remaining - 2, needed - 1))
    }

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
        let limit = currentLimit()
        let key = MaskKey(configurations: configurations.sorted { ($0.position, $0.stack) < ($1.position, $1.stack) },
                          canEnd: canEnd && !ended, limit: limit)
        if let cached = cache[key] {
            bits = cached
        } else if limit != .max && key.canEnd {
            for i in bits.indices { bits[i] = 0 }  // the budget is close: end here
            for t in trie.endOfGeneration where Int(t) < trie.vocabularySize { setBit(Int(t)) }
            remember(key)
        } else {
            walkLimit = limit
            computeBits(canEnd: key.canEnd)
            walkLimit = .max
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
                // Every token below stays at this configuration: same completion distance.
                if walkLimit == .max || distance(of: scratch[frame]) <= walkLimit {
                    markTokens(t.tokenStart[child], t.tokenStart[next])
                }
                child = next
                continue
            }
            let mark = scratch.count
            let end = matcher.step(frame, b, into: &scratch)
            if mark < scratch.count || end {
                // Within a budget, only the tokens after which the document still fits.
                if walkLimit == .max || end || distance(of: scratch[mark...]) <= walkLimit {
                    let first = t.tokenStart[child]
                    markTokens(first, first + t.terminalCount[child])
                }
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
