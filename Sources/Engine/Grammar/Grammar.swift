/// A context-free grammar over bytes: named rules whose bodies are regular expressions that may
/// call other rules (recursion allowed, left recursion rejected at compile time).
///
/// Rule 0 is the root: a document is complete when the root has matched and nothing follows.
/// Build with `addRule`/`define`; `GrammarAutomaton(grammar)` compiles it for matching.
package struct Grammar: Sendable {
    /// Rule bodies, by rule id (nil until defined).
    package private(set) var rules: [GrammarExpression?] = []
    /// Rule names, for error messages.
    package private(set) var names: [String] = []

    package init() {}

    /// A grammar whose root rule is `root`.
    package init(root: GrammarExpression) {
        let id = addRule("root")
        define(id, root)
    }

    /// Declares a rule (so that it can be referenced before it is defined) and returns its id.
    @discardableResult
    package mutating func addRule(_ name: String) -> Int {
        rules.append(nil)
        names.append(name)
        return rules.count - 1
    }

    /// Sets the body of rule `id`.
    package mutating func define(_ id: Int, _ body: GrammarExpression) {
        precondition(id >= 0 && id < rules.count, "rule \(id) was not declared")
        rules[id] = body
    }
}

/// A regular expression over bytes, the body of a grammar rule.
package indirect enum GrammarExpression: Sendable {
    /// One byte from the set.
    case bytes(ByteSet)
    /// Exactly these bytes.
    case literal([UInt8])
    /// Each part in turn.
    case sequence([GrammarExpression])
    /// Any one of the alternatives (an empty list matches nothing).
    case choice([GrammarExpression])
    /// `min` to `max` repetitions (`max` nil = unbounded).
    case repetition(GrammarExpression, min: Int, max: Int?)
    /// A call of another rule.
    case rule(Int)

    /// The empty string.
    package static var empty: GrammarExpression { .sequence([]) }

    /// The UTF-8 bytes of `text`.
    package static func text(_ text: String) -> GrammarExpression { .literal(Array(text.utf8)) }

    /// Zero or one occurrence.
    package static func optional(_ e: GrammarExpression) -> GrammarExpression { .repetition(e, min: 0, max: 1) }

    /// Zero or more occurrences.
    package static func star(_ e: GrammarExpression) -> GrammarExpression { .repetition(e, min: 0, max: nil) }

    /// One or more occurrences.
    package static func plus(_ e: GrammarExpression) -> GrammarExpression { .repetition(e, min: 1, max: nil) }
}

extension GrammarExpression {
    /// Any one of `literals`, as a prefix tree so that matching stays deterministic (a plain
    /// choice keeps every alternative alive while they share a prefix, e.g. an enum's `"`).
    package static func literals(_ literals: [[UInt8]]) -> GrammarExpression {
        let unique = Array(Set(literals)).sorted { $0.lexicographicallyPrecedes($1) }
        return prefixTree(unique[...], depth: 0)
    }

    /// The tree of sorted, distinct `items` below their common first `depth` bytes.
    private static func prefixTree(_ items: ArraySlice<[UInt8]>, depth: Int) -> GrammarExpression {
        var alternatives: [GrammarExpression] = []
        var i = items.startIndex
        while i < items.endIndex {
            guard items[i].count > depth else {  // a literal ends here
                alternatives.append(.empty)
                i += 1
                continue
            }
            let b = items[i][depth]
            var j = i + 1
            while j < items.endIndex, items[j].count > depth, items[j][depth] == b { j += 1 }
            if j - i == 1 {
                alternatives.append(.literal(Array(items[i][depth...])))
            } else {
                alternatives.append(.sequence([.literal([b]), prefixTree(items[i..<j], depth: depth + 1)]))
            }
            i = j
        }
        return alternatives.count == 1 ? alternatives[0] : .choice(alternatives)
    }
}
