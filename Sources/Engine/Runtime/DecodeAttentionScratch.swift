/// The working memory of the single-token attention (`Attention.runDecode`), kept across calls
/// and grown only when a larger cache or more heads are seen (no allocation per token).
///
/// Layout: queries as f32 [headCount][headDim], score rows [headCount][capacity + 16] shared by
/// all tasks (each score written by one task; the softmax turns each row into probabilities in
/// place), then per pool thread the V accumulators [group][32 lanes][headDim / 2]. Score rows keep
/// 8 floats of padding on both sides so that 8-lane chunks aligned on cell indices may read past
/// the ends of a run.
final class DecodeAttentionScratch {
    private let storage = GrowableScratch()

    /// Floats of one padded score row.
    static func rowStride(_ capacity: Int) -> Int { (capacity + 16 + 15) / 16 * 16 }

    /// The pointers for one call: `scores(h)` rows and per-thread regions.
    struct Layout {
        let base: UnsafeMutableRawPointer
        let rowStride: Int
        let headCount: Int
        let group: Int
        let slotFloats: Int
        let qFloats: Int

        /// The queries rounded through f16 (as ggml converts them), as f32: [headCount][headDim].
        @inline(__always)
        var queries: UnsafeMutablePointer<Float> { base.assumingMemoryBound(to: Float.self) }

        /// Score (then probability) row of head h; index 0 is position `lo` (8 floats of padding before it).
        @inline(__always)
        func scores(_ h: Int) -> UnsafeMutablePointer<Float> {
            base.assumingMemoryBound(to: Float.self) + qFloats + h * rowStride + 8
        }

        @inline(__always)
        private func threadRegion(_ thread: Int) -> UnsafeMutablePointer<Float> {
            base.assumingMemoryBound(to: Float.self) + qFloats + headCount * rowStride
                + thread * group * slotFloats
        }

        /// Thread `thread`'s accumulators for the j-th head of its group: [32 lanes][headDim / 2].
        @inline(__always)
        func slots(_ thread: Int, _ j: Int) -> UnsafeMutablePointer<Float> {
            threadRegion(thread) + j * slotFloats
        }
    }

    /// Makes room for `threads` threads, `headCount` heads in groups of `group`, a cache of
    /// `capacity` positions and head size `headDim`.
    func reserve(threads: Int, headCount: Int, group: Int, capacity: Int, headDim: Int) -> Layout {
        let stride = Self.rowStride(capacity)
        let slotFloats = 32 * (headDim / 2)
        let floats = headCount * headDim + headCount * stride + threads * group * slotFloats
        let memory = storage.floats(floats)
        return Layout(base: memory, rowStride: stride, headCount: headCount, group: group, slotFloats: slotFloats, qFloats: headCount * headDim)
    }
}
