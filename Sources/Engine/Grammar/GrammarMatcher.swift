/// One matcher configuration: a position of the automaton and a stack of return positions.
package struct GrammarConfiguration: Hashable, Sendable {
    package var position: Int32
    /// A node of `GrammarStacks`; 0 is the empty stack.
    package var stack: Int32
}

/// Return stacks as hash-consed linked lists: equal stacks get equal ids, so configurations
/// compare (and key caches) by two integers.
final class GrammarStacks {
    /// The return position on top of each stack node (unused for node 0, the empty stack).
    private(set) var top: [Int32] = [-1]
    /// The node below each stack node.
    private(set) var below: [Int32] = [0]
    private var index: [UInt64: Int32] = [:]

    /// The stack `stack` with `position` pushed on it.
    func push(_ position: Int32, onto stack: Int32) -> Int32 {
        let key = UInt64(UInt32(bitPattern: position)) << 32 | UInt64(UInt32(bitPattern: stack))
        if let id = index[key] { return id }
        let id = Int32(top.count)
        top.append(position)
        below.append(stack)
        index[key] = id
        return id
    }

    /// Stack nodes created so far.
    var count: Int { top.count }
}

/// Advances sets of configurations over bytes (the pushdown simulation of a `GrammarAutomaton`).
///
/// A configuration set is kept *expanded*: every member sits at a position with byte
/// transitions; calls have been entered and finished rules returned from. Reaching the end of
/// the root rule with an empty stack is reported as `canEnd` rather than stored.
final class GrammarMatcher {
    let automaton: GrammarAutomaton
    let stacks = GrammarStacks()
    /// Configurations already expanded during the current step (guards ε cycles).
    private var visited: [GrammarConfiguration] = []

    init(_ automaton: GrammarAutomaton) {
        self.automaton = automaton
    }

    /// The expanded configurations at the start of the root rule.
    func initial(into out: inout [GrammarConfiguration]) -> Bool {
        visited.removeAll(keepingCapacity: true)
        var canEnd = false
        add(automaton.ruleStart[0], 0, from: out.count, into: &out, canEnd: &canEnd)
        return canEnd
    }

    /// Appends to `out` the configurations that `out[source]` reach by consuming `byte`.
    ///
    /// - Returns: whether the root rule may end after `byte`.
    @inline(__always)
    func step(_ source: Range<Int>, _ byte: UInt8, into out: inout [GrammarConfiguration]) -> Bool {
        let a = automaton
        let cls = Int(a.classOf[Int(byte)])
        let start = out.count
        var canEnd = false
        visited.removeAll(keepingCapacity: true)
        for i in source {
            let c = out[i]
            let t = a.transitions[Int(c.position) &* a.classCount &+ cls]
            if t >= 0 {
                add(t, c.stack, from: start, into: &out, canEnd: &canEnd)
            } else if t <= -2 {
                let at = Int(-2 - t)
                for k in 1...Int(a.multiTargets[at]) {
                    add(a.multiTargets[at + k], c.stack, from: start, into: &out, canEnd: &canEnd)
                }
            }
        }
        return canEnd
    }

    /// Adds configuration (position, stack) to `out[from...]`, expanding calls and returns.
    @inline(__always)
    private func add(
        _ position: Int32, _ stack: Int32, from: Int, into out: inout [GrammarConfiguration], canEnd: inout Bool
    ) {
        let c = GrammarConfiguration(position: position, stack: stack)
        if !automaton.needsExpand[Int(position)] {
            appendUnique(c, from: from, into: &out)
        } else {
            expand(c, from: from, into: &out, canEnd: &canEnd)
        }
    }

    private func expand(
        _ c: GrammarConfiguration, from: Int, into out: inout [GrammarConfiguration], canEnd: inout Bool
    ) {
        if visited.contains(c) { return }
        visited.append(c)
        let a = automaton
        let p = Int(c.position)
        if a.hasTransitions[p] { appendUnique(c, from: from, into: &out) }
        if a.isFinal[p] {
            if c.stack == 0 {
                canEnd = true
            } else {
                add(stacks.top[Int(c.stack)], stacks.below[Int(c.stack)], from: from, into: &out, canEnd: &canEnd)
            }
        }
        for k in Int(a.callStart[p])..<Int(a.callStart[p + 1]) {
            let pushed = stacks.push(a.callReturn[k], onto: c.stack)
            add(a.ruleStart[Int(a.callRule[k])], pushed, from: from, into: &out, canEnd: &canEnd)
        }
    }

    @inline(__always)
    private func appendUnique(_ c: GrammarConfiguration, from: Int, into out: inout [GrammarConfiguration]) {
        var i = from
        while i < out.count {
            if out[i] == c { return }
            i += 1
        }
        out.append(c)
    }
}
