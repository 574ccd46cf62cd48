/// Thompson construction: a grammar's rule bodies as one NFA with ε edges, byte edges and calls.
struct ThompsonBuilder {
    var epsilon: [[Int32]] = []
    var edges: [[(ByteSet, Int32)]] = []
    var calls: [[(rule: Int32, target: Int32)]] = []
    var isEnd: [Bool] = []

    mutating func newState() -> Int32 {
        epsilon.append([])
        edges.append([])
        calls.append([])
        isEnd.append(false)
        return Int32(isEnd.count - 1)
    }

    /// Adds `e` starting at state `s`; returns the state where it ends.
    mutating func build(_ e: GrammarExpression, from s: Int32, ruleCount: Int, names: [String]) throws -> Int32 {
        guard isEnd.count < GrammarAutomaton.positionLimit else { throw GrammarError.tooLarge(positions: isEnd.count) }
        switch e {
        case .bytes(let set):
            let t = newState()
            edges[Int(s)].append((set, t))
            return t
        case .literal(let bytes):
            var cur = s
            for b in bytes {
                let t = newState()
                edges[Int(cur)].append((ByteSet([b]), t))
                cur = t
            }
            return cur
        case .sequence(let parts):
            var cur = s
            for part in parts { cur = try build(part, from: cur, ruleCount: ruleCount, names: names) }
            return cur
        case .choice(let alternatives):
            let t = newState()
            for alt in alternatives {
                let a = newState()
                epsilon[Int(s)].append(a)
                let end = try build(alt, from: a, ruleCount: ruleCount, names: names)
                epsilon[Int(end)].append(t)
            }
            return t
        case .repetition(let inner, let min, let max):
            guard min >= 0, max.map({ $0 >= min }) ?? true else {
                throw GrammarError.invalidRepetition(min: min, max: max ?? -1)
            }
            var cur = s
            for _ in 0..<min { cur = try build(inner, from: cur, ruleCount: ruleCount, names: names) }
            if let max {
                for _ in min..<max {
                    let t = newState()
                    epsilon[Int(cur)].append(t)
                    let end = try build(inner, from: cur, ruleCount: ruleCount, names: names)
                    epsilon[Int(end)].append(t)
                    cur = t
                }
                return cur
            }
            // Kleene star around a fresh loop state.
            let loop = newState()
            epsilon[Int(cur)].append(loop)
            let end = try build(inner, from: loop, ruleCount: ruleCount, names: names)
            epsilon[Int(end)].append(loop)
            return loop
        case .rule(let id):
            guard id >= 0, id < ruleCount else { throw GrammarError.undefinedRule("#\(id)") }
            let t = newState()
            calls[Int(s)].append((Int32(id), t))
            return t
        }
    }
}

/// The ε-free position tables of a Thompson NFA, with byte classes and self-loop sets.
struct PositionTable {
    var count = 0
    var classCount = 0
    var classOf = [UInt8](repeating: 0, count: 256)
    var transitions: [Int32] = []
    var multiTargets: [Int32] = []
    var callStart: [Int32] = [0]
    var callRule: [Int32] = []
    var callReturn: [Int32] = []
    var isFinal: [Bool] = []
    var needsExpand: [Bool] = []
    var hasTransitions: [Bool] = []
    var ruleStart: [Int32] = []
    var loopClass: [Int32] = []
    var loopSets: [ByteSet] = []

    /// Self-loops over fewer bytes than this are not worth a bulk path.
    static let minimumLoopBytes = 8

    init(nfa: ThompsonBuilder, ruleStarts: [Int32]) throws {
        // Positions: rule starts and the targets of byte edges and calls.
        var positionOf = [Int32](repeating: -1, count: nfa.isEnd.count)
        var states: [Int32] = []
        func position(_ s: Int32) -> Int32 {
            if positionOf[Int(s)] < 0 {
                positionOf[Int(s)] = Int32(states.count)
                states.append(s)
            }
            return positionOf[Int(s)]
        }
        ruleStart = ruleStarts.map(position)
        var edges: [[(ByteSet, Int32)]] = []
        var sets = Set<ByteSet>()
        var i = 0
        while i < states.count {  // `states` grows while we walk it
            var closure: [Int32] = []
            var seen = Set<Int32>()
            var work = [states[i]]
            while let s = work.popLast() {
                guard seen.insert(s).inserted else { continue }
                closure.append(s)
                work.append(contentsOf: nfa.epsilon[Int(s)])
            }
            var out: [(ByteSet, Int32)] = []
            var final = false
            for s in closure.sorted() {
                for (set, t) in nfa.edges[Int(s)] {
                    out.append((set, position(t)))
                    sets.insert(set)
                }
                for call in nfa.calls[Int(s)] {
                    callRule.append(call.rule)
                    callReturn.append(position(call.target))
                }
                if nfa.isEnd[Int(s)] { final = true }
            }
            callStart.append(Int32(callRule.count))
            edges.append(out)
            isFinal.append(final)
            i += 1
        }
        count = states.count
        guard count < GrammarAutomaton.positionLimit else { throw GrammarError.tooLarge(positions: count) }
        computeClasses(sets)
        computeTransitions(edges)
    }

    /// Splits the 256 bytes into classes that every edge set treats alike.
    private mutating func computeClasses(_ sets: Set<ByteSet>) {
        var classes: [ByteSet] = [.all]
        for set in sets {
            var next: [ByteSet] = []
            for c in classes {
                let inside = c.intersection(set), outside = c.subtracting(set)
                if !inside.isEmpty { next.append(inside) }
                if !outside.isEmpty { next.append(outside) }
            }
            classes = next
        }
        classCount = classes.count
        for (k, c) in classes.enumerated() {
            for b in 0...255 where c.contains(UInt8(b)) { classOf[b] = UInt8(k) }
        }
    }

    /// Fills the (position, class) table, the expansion flags and the self-loop sets.
    private mutating func computeTransitions(_ edges: [[(ByteSet, Int32)]]) {
        var representative = [UInt8](repeating: 0, count: classCount)
        for b in (0...255).reversed() { representative[Int(classOf[b])] = UInt8(b) }
        transitions = [Int32](repeating: -1, count: count * classCount)
        var loopIndex: [ByteSet: Int32] = [:]
        for p in 0..<count {
            let expands = callStart[p + 1] > callStart[p] || isFinal[p]
            needsExpand.append(expands)
            hasTransitions.append(!edges[p].isEmpty)
            var loop = ByteSet()
            for c in 0..<classCount {
                var targets: [Int32] = []
                for (set, t) in edges[p] where set.contains(representative[c]) && !targets.contains(t) {
                    targets.append(t)
                }
                guard !targets.isEmpty else { continue }
                if targets.count == 1 {
                    transitions[p * classCount + c] = targets[0]
                    if targets[0] == Int32(p) {
                        for b in 0...255 where classOf[b] == UInt8(c) { loop.insert(UInt8(b)) }
                    }
                } else {
                    transitions[p * classCount + c] = -2 - Int32(multiTargets.count)
                    multiTargets.append(Int32(targets.count))
                    multiTargets.append(contentsOf: targets)
                }
            }
            if !expands, loop.count >= Self.minimumLoopBytes {
                if let k = loopIndex[loop] {
                    loopClass.append(k)
                } else {
                    loopIndex[loop] = Int32(loopSets.count)
                    loopClass.append(Int32(loopSets.count))
                    loopSets.append(loop)
                }
            } else {
                loopClass.append(-1)
            }
        }
    }
}
