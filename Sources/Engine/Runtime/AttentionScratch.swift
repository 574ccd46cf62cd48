/// The working memory of `Attention.run`, one region per pool thread, grown when the cache is
/// larger than any seen before and otherwise reused (no allocation per token).
final class AttentionScratch {
    private var base: UnsafeMutableRawPointer?
    private var threads = 0
    private var capacity = 0
    private var headDim = 0

    deinit { base?.deallocate() }

    /// Bytes of one thread's region: scores [capacity + 8] f32, slots [32, hd] f32, q [hd] f16.
    private static func stride(_ capacity: Int, _ hd: Int) -> Int {
        ((capacity + 8) * 4 + 32 * hd * 4 + hd * 2 + 63) / 64 * 64
    }

    /// Makes room for `threads` regions for a cache of `capacity` positions and head size `hd`;
    /// returns the memory to pass to `buffers`.
    func reserve(threads: Int, capacity: Int, headDim hd: Int) -> UnsafeMutableRawPointer {
        if let base, threads <= self.threads, capacity <= self.capacity, hd == headDim { return base }
        base?.deallocate()
        self.threads = Swift.max(threads, self.threads)
        self.capacity = Swift.max(capacity, self.capacity)
        headDim = hd
        let memory = UnsafeMutableRawPointer.allocate(
            byteCount: self.threads * Self.stride(self.capacity, hd), alignment: 64)
        base = memory
        return memory
    }

    /// Thread `thread`'s buffers inside `base` (what `reserve` returned).
    func buffers(_ base: UnsafeMutableRawPointer, _ thread: Int)
        -> (scores: UnsafeMutablePointer<Float>, slots: UnsafeMutablePointer<Float>, q16: UnsafeMutablePointer<Float16>) {
        let region = base + thread * Self.stride(capacity, headDim)
        let scores = region.bindMemory(to: Float.self, capacity: capacity + 8)
        let slots = (region + (capacity + 8) * 4).bindMemory(to: Float.self, capacity: 32 * headDim)
        let q16 = (region + (capacity + 8) * 4 + 32 * headDim * 4).bindMemory(to: Float16.self, capacity: headDim)
        return (scores, slots, q16)
    }
}
