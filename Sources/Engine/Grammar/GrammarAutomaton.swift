import Foundation

/// A compiled grammar: a recursive transition network over bytes.
///
/// Each rule is an ε-free NFA over *positions*. A position has byte transitions (looked up
/// through byte classes: bytes no rule set tells apart share a class), calls (enter rule R,
/// continue at a return position afterwards) and a `final` flag (the rule may end here).
/// A matcher configuration is a position plus a stack of return positions.
package final class GrammarAutomaton: @unchecked Sendable {
    /// Number of positions.
    package let positionCount: Int
    /// Number of byte classes.
    let classCount: Int
    /// The byte class of each byte: [256].
    let classOf: [UInt8]
    /// Transition per (position, class): [positionCount * classCount]; -1 none, t ≥ 0 the single
    /// target, t ≤ -2 a list at `multiTargets[-2 - t]` (count first, then the targets).
    let transitions: [Int32]
    let multiTargets: [Int32]
    /// Calls of each position: `calls[callStart[p]..<callStart[p + 1]]` as (rule, return position).
    let callStart: [Int32]
    let callRule: [Int32]
    let callReturn: [Int32]
    /// Whether the position's rule may end there.
    let isFinal: [Bool]
    /// Whether reaching the position needs expansion (it calls rules or may end its rule).
    let needsExpand: [Bool]
    /// Whether the position has any byte transition.
    let hasTransitions: [Bool]
    /// The start position of each rule.
    let ruleStart: [Int32]
    /// For each position, the index in `loopSets` of the bytes that lead back to it alone, or -1.
    let loopClass: [Int32]
    /// Byte sets of self-loops (string characters, digits…), shared by positions.
    package let loopSets: [ByteSet]
    /// Rule names, for messages.
    let ruleNames: [String]
    /// Guards `distances`, computed on first use (`completionDistances`).
    let distanceLock = NSLock()
    var distances: [Int32]?

    /// Positions at most; larger grammars are rejected.
    package static let positionLimit = 1 << 20

    /// Compiles `grammar`.
    ///
    /// - Throws: `GrammarError` for undefined rules, left recursion, bad repetitions or a grammar
    ///   too large to compile.
    package init(_ grammar: Grammar) throws {
        var nfa = ThompsonBuilder()
        var starts: [Int32] = []
        for (i, body) in grammar.rules.enumerated() {
            guard let body else { throw GrammarError.undefinedRule(grammar.names[i]) }
            let s = nfa.newState()
            let e = try nfa.build(body, from: s, ruleCount: grammar.rules.count, names: grammar.names)
            nfa.isEnd[Int(e)] = true
            starts.append(s)
        }
        let table = try PositionTable(nfa: nfa, ruleStarts: starts)
        positionCount = table.count
        classCount = table.classCount
        classOf = table.classOf
        transitions = table.transitions
        multiTargets = table.multiTargets
        callStart = table.callStart
        callRule = table.callRule
        callReturn = table.callReturn
        isFinal = table.isFinal
        needsExpand = table.needsExpand
        hasTransitions = table.hasTransitions
        ruleStart = table.ruleStart
        loopClass = table.loopClass
        loopSets = table.loopSets
        ruleNames = grammar.names
        try checkLeftRecursion()
    }

    /// The targets of position `p` on byte `b`, passed to `body`.
    @inline(__always)
    func forEachTarget(_ p: Int32, _ b: UInt8, _ body: (Int32) -> Void) {
        let t = transitions[Int(p) &* classCount &+ Int(classOf[Int(b)])]
        if t >= 0 {
            body(t)
        } else if t <= -2 {
            let at = Int(-2 - t)
            let n = Int(multiTargets[at])
            for i in 1...n { body(multiTargets[at + i]) }
        }
    }

    // MARK: - Left recursion

    /// Rejects rules that can call themselves before consuming a byte.
    private func checkLeftRecursion() throws {
        let rules = ruleStart.count
        // Nullable rules: the rule can end without consuming (fixpoint).
        var nullable = [Bool](repeating: false, count: rules)
        var changed = true
        while changed {
            changed = false
            for r in 0..<rules where !nullable[r] && reachesEnd(from: ruleStart[r], nullable: nullable) {
                nullable[r] = true
                changed = true
            }
        }
        // Rules callable before any byte is consumed.
        var leftCalls = [[Int]](repeating: [], count: rules)
        for r in 0..<rules {
            var seen = Set<Int32>()
            var work = [ruleStart[r]]
            while let p = work.popLast() {
                guard seen.insert(p).inserted else { continue }
                for c in Int(callStart[Int(p)])..<Int(callStart[Int(p) + 1]) {
                    leftCalls[r].append(Int(callRule[c]))
                    if nullable[Int(callRule[c])] { work.append(callReturn[c]) }
                }
            }
        }
        // A cycle in the left-call graph is left recursion.
        var state = [UInt8](repeating: 0, count: rules)  // 0 new, 1 on path, 2 done
        func visit(_ r: Int) throws {
            state[r] = 1
            for next in leftCalls[r] {
                if state[next] == 1 { throw GrammarError.leftRecursion(ruleNames[next]) }
                if state[next] == 0 { try visit(next) }
            }
            state[r] = 2
        }
        for r in 0..<rules where state[r] == 0 { try visit(r) }
    }

    /// Whether a rule starting at `start` can end without consuming a byte.
    private func reachesEnd(from start: Int32, nullable: [Bool]) -> Bool {
        var seen = Set<Int32>()
        var work = [start]
        while let p = work.popLast() {
            guard seen.insert(p).inserted else { continue }
            if isFinal[Int(p)] { return true }
            for c in Int(callStart[Int(p)])..<Int(callStart[Int(p) + 1]) where nullable[Int(callRule[c])] {
                work.append(callReturn[c])
            }
        }
        return false
    }
}
