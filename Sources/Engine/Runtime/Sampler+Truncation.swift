import Foundation

extension Sampler {
    /// Keeps the k highest logits, sorted descending (a partial selection, O(n log k)).
    func keepTopK(_ k: Int) {
        let k = min(k, count)
        if k >= count {
            sortDescending()
            return
        }
        // Min-heap of the k best (value, id) pairs, in buffers kept across calls.
        if heapIds.count < k {
            heapIds = [Int32](repeating: 0, count: k)
            heapValues = [Float](repeating: 0, count: k)
        }
        for i in 0..<k {
            heapIds[i] = ids[i]
            heapValues[i] = values[i]
            siftUp(&heapIds, &heapValues, i)
        }
        for i in k..<count where values[i] > heapValues[0] {
            heapIds[0] = ids[i]
            heapValues[0] = values[i]
            siftDown(&heapIds, &heapValues, 0, k)
        }
        for i in 0..<k {
            ids[i] = heapIds[i]
            values[i] = heapValues[i]
        }
        count = k
        sortDescending()
    }

    private func siftUp(_ hi: inout [Int32], _ hv: inout [Float], _ start: Int) {
        var c = start
        while c > 0 {
            let p = (c - 1) / 2
            if hv[c] >= hv[p] { break }
            hv.swapAt(c, p)
            hi.swapAt(c, p)
            c = p
        }
    }

    private func siftDown(_ hi: inout [Int32], _ hv: inout [Float], _ start: Int, _ n: Int) {
        var p = start
        while true {
            let l = 2 * p + 1
            if l >= n { break }
            var m = l
            if l + 1 < n, hv[l + 1] < hv[l] { m = l + 1 }
            if hv[p] <= hv[m] { break }
            hv.swapAt(p, m)
            hi.swapAt(p, m)
            p = m
        }
    }

    /// Sorts the live candidates by logit, highest first (ties: lower id first).
    func sortDescending() {
        if count <= 64 {
            insertionSortDescending()
            return
        }
        var order = Array(0..<count)
        order.sort { values[$0] != values[$1] ? values[$0] > values[$1] : ids[$0] < ids[$1] }
        let oldIds = Array(ids[0..<count])
        let oldValues = Array(values[0..<count])
        for (i, j) in order.enumerated() {
            ids[i] = oldIds[j]
            values[i] = oldValues[j]
        }
    }

    /// `sortDescending` for a few candidates, in place without allocating (ids are distinct, so
    /// the order is the same as any other sort's).
    private func insertionSortDescending() {
        for i in 1..<Swift.max(1, count) {
            let id = ids[i], value = values[i]
            var j = i
            while j > 0, values[j - 1] < value || (values[j - 1] == value && ids[j - 1] > id) {
                ids[j] = ids[j - 1]
                values[j] = values[j - 1]
                j -= 1
            }
            ids[j] = id
            values[j] = value
        }
    }

    /// Turns the sorted logits into probabilities (in place).
    func softmax() {
        guard count > 0 else { return }
        let maxLogit = values[0]
        var sum: Float = 0
        for i in 0..<count {
            let e = expf(values[i] - maxLogit)
            values[i] = e
            sum += e
        }
        for i in 0..<count { values[i] /= sum }
    }

    /// Nucleus sampling: the smallest prefix whose probability reaches p (at least one token).
    func keepTopP(_ p: Float) {
        var acc: Float = 0
        for i in 0..<count {
            acc += values[i]
            if acc >= p {
                count = i + 1
                return
            }
        }
    }

    /// Drops tokens below `minP` × the top probability.
    func keepMinP(_ p: Float) {
        let threshold = values[0] * p
        var keep = 1
        while keep < count, values[keep] >= threshold { keep += 1 }
        count = keep
    }

    /// Locally typical sampling (llama.cpp's `llama_sampler_typical`).
    func keepTypical(_ p: Float) {
        var entropy: Float = 0
        for i in 0..<count where values[i] > 0 { entropy -= values[i] * logf(values[i]) }
        var order = Array(0..<count)
        let shifted = (0..<count).map { abs(-logf(max(values[$0], .leastNormalMagnitude)) - entropy) }
        order.sort { shifted[$0] < shifted[$1] }
        var acc: Float = 0
        var keep = count
        for (rank, i) in order.enumerated() {
            acc += values[i]
            if acc > p, rank + 1 >= 1 {
                keep = rank + 1
                break
            }
        }
        let chosen = order[0..<keep].sorted { values[$0] > values[$1] }
        let oldIds = Array(ids[0..<count])
        let oldValues = Array(values[0..<count])
        for (i, j) in chosen.enumerated() {
            ids[i] = oldIds[j]
            values[i] = oldValues[j]
        }
        count = keep
    }

    /// Applies the temperature to the kept probabilities: p^(1/T), renormalised by `draw`.
    func applyTemperature(_ t: Float) {
        guard t != 1 else { return }
        let inv = 1 / t
        for i in 0..<count { values[i] = powf(values[i], inv) }
    }
}
