/// The three pool jobs of `Attention.runDecode` as one `PoolJob` struct (dispatched with no
/// allocation, unlike closures), its phase chosen before each dispatch. Task i is pool thread i,
/// which takes the work items i, i + threads, …
struct DecodeAttentionJob: PoolJob {
    enum Phase {
        /// Scores by (KV head, part of the positions).
        case scores
        /// Softmax by head, in place.
        case softmax
        /// V·p by (KV head, half of the head dimensions).
        case values
    }

    var phase: Phase
    let threads: Int
    /// Parts the positions of a KV head's scores are cut into (1 or 2).
    let parts: Int
    let headCount: Int
    let group: Int
    let hd: Int
    let lo: Int
    let count: Int
    let width: Int
    let ring: Int
    let scale: Float
    let first: Range<Int>
    let second: Range<Int>
    /// K and V rows of cell 0 of the layer.
    let kBase: UnsafePointer<Float16>
    let vBase: UnsafePointer<Float16>
    /// [headCount][hd] queries rounded through f16.
    let queries: UnsafeMutablePointer<Float>
    let memory: DecodeAttentionScratch.Layout
    /// [headCount][hd].
    let out: UnsafeMutablePointer<Float>

    func callAsFunction(_ thread: Int) {
        let kvHeads = headCount / group
        switch phase {
        case .scores:
            var task = thread
            while task < kvHeads * parts {
                let g = task / parts, part = task % parts
                let t0 = lo + count * part / parts, t1 = lo + count * (part + 1) / parts
                Attention.scores(
                    kBase + g * hd, width: width, ring: ring, t0..<t1, lo: lo, hd: hd,
                    queries: queries + g * group * hd, group: group, scale: scale,
                    scores: memory.scores(g * group), rowStride: memory.rowStride)
                task += threads
            }
        case .softmax:
            var h = thread
            while h < headCount {
                Attention.softmax(memory.scores(h), count: count, lo: lo, ring: ring, first, second)
                h += threads
            }
        case .values:
            let half = hd / 2
            var task = thread
            while task < kvHeads * 2 {
                let g = task / 2, dOff = (task % 2) * half
                Attention.weightedValues(
                    vBase + g * hd + dOff, width: width, ring: ring, lo: lo, first, second, half: half,
                    probabilities: { memory.scores(g * group + $0) }, slots: { memory.slots(thread, $0) },
                    group: group, out: out + g * group * hd + dOff, headStride: hd)
                task += threads
            }
        }
    }
}
