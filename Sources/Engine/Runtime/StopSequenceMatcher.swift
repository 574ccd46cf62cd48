/// Finds stop sequences in streamed text across token boundaries, holding back any tail that
/// could still become a stop sequence so that no part of one is ever emitted.
package struct StopSequenceMatcher {
    package let stops: [String]
    private var pending = ""

    package init(stops: [String]) {
        self.stops = stops.filter { !$0.isEmpty }
    }

    /// Feeds a piece of generated text.
    ///
    /// - Returns: the text that is safe to emit now, and whether a stop sequence was found
    ///   (the text is then everything before it, and generation should end).
    package mutating func feed(_ piece: String) -> (emit: String, stopped: Bool) {
        pending += piece
        var earliest: String.Index?
        for stop in stops {
            if let r = pending.range(of: stop), earliest.map({ r.lowerBound < $0 }) ?? true {
                earliest = r.lowerBound
            }
        }
        if let cut = earliest {
            let out = String(pending[..<cut])
            pending = ""
            return (out, true)
        }
        // Hold back the longest suffix that is a prefix of some stop sequence.
        var hold = 0
        for stop in stops {
            var k = min(stop.count, pending.count)
            while k > hold {
                if pending.hasSuffix(stop.prefix(k)) {
                    hold = k
                    break
                }
                k -= 1
            }
        }
        let split = pending.index(pending.endIndex, offsetBy: -hold)
        let out = String(pending[..<split])
        pending = String(pending[split...])
        return (out, false)
    }

    /// The held-back text, at the end of generation when no stop sequence matched.
    package mutating func flush() -> String {
        defer { pending = "" }
        return pending
    }
}
