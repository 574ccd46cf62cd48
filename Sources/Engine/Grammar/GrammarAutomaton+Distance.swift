/// Shortest completions: how many bytes at least finish a rule from each position.
///
/// A constrained generation that runs out of tokens must still end with a complete document
/// (`GrammarConstraint.setBudget`); these distances tell how many bytes that takes from any
/// configuration: the position's distance to the end of its rule plus, for each return position
/// on the stack, its distance to the end of the caller's rule.
extension GrammarAutomaton {
    /// Distance standing for "cannot end" (sums of two stay far below `Int32.max`).
    static let unreachable: Int32 = 1 << 28

    /// The fewest bytes from each position to the end of its rule: [positionCount].
    /// Computed once (a fixpoint over the positions, rule lengths feeding calls), then shared.
    func completionDistances() -> [Int32] {
        distanceLock.lock()
        defer { distanceLock.unlock() }
        if let distances { return distances }
        let table = computeDistances()
        distances = table
        return table
    }

    private func computeDistances() -> [Int32] {
        let inf = Self.unreachable
        var d = [Int32](repeating: inf, count: positionCount)
        var ruleLength = [Int32](repeating: inf, count: ruleStart.count)
        var changed = true
        while changed {
            changed = false
            // Positions are numbered mostly in reading order: backwards sweeps converge fast.
            for p in stride(from: positionCount - 1, through: 0, by: -1) {
                var best = isFinal[p] ? 0 : d[p]
                if hasTransitions[p] {
                    let row = p * classCount
                    for c in 0..<classCount {
                        let t = transitions[row + c]
                        if t >= 0 {
                            best = min(best, d[Int(t)] + 1)
                        } else if t <= -2 {
                            let at = Int(-2 - t)
                            for k in 1...Int(multiTargets[at]) { best = min(best, d[Int(multiTargets[at + k])] + 1) }
                        }
                    }
                }
                for k in Int(callStart[p])..<Int(callStart[p + 1]) {
                    best = min(best, ruleLength[Int(callRule[k])] + d[Int(callReturn[k])])
                }
                best = min(best, inf)
                if best < d[p] {
                    d[p] = best
                    changed = true
                }
            }
            for r in ruleStart.indices where d[Int(ruleStart[r])] < ruleLength[r] {
                ruleLength[r] = d[Int(ruleStart[r])]
                changed = true
            }
        }
        return d
    }
}
