/// The working memory of the batch attention (`Attention.runBatch`), one region per pool thread,
/// kept across calls and grown only when a larger cache, group or head size is seen (no
/// allocation per batch).
///
/// Layout of a thread's region, in floats:
/// - queries [group][headDim]: the group's queries rounded through f16 (as ggml converts them);
/// - score rows [group][rowStride]: 8 floats of padding, then positions lo…, then padding, so that
///   8-lane chunks aligned on positions may read past the ends of a run;
/// - V accumulators [group][8 lanes][headDim].
final class BatchAttentionScratch {
    private let storage = GrowableScratch()

    /// The pointers of one call.
    struct Layout {
        let base: UnsafeMutablePointer<Float>
        let regionFloats: Int
        let group: Int
        let headDim: Int
        let rowStride: Int

        @inline(__always)
        private func region(_ thread: Int) -> UnsafeMutablePointer<Float> { base + thread * regionFloats }

        /// Thread `thread`'s queries: [group][headDim].
        @inline(__always)
        func queries(_ thread: Int) -> UnsafeMutablePointer<Float> { region(thread) }

        /// Thread `thread`'s score (then probability) row of the j-th head of its group; index 0
        /// is position `lo`.
        @inline(__always)
        func scores(_ thread: Int, _ j: Int) -> UnsafeMutablePointer<Float> {
            region(thread) + group * headDim + j * rowStride + 8
        }

        /// Thread `thread`'s V accumulators of the j-th head of its group: [8 lanes][headDim].
        @inline(__always)
        func slots(_ thread: Int, _ j: Int) -> UnsafeMutablePointer<Float> {
            region(thread) + group * headDim + group * rowStride + j * 8 * headDim
        }
    }

    /// Makes room for `threads` threads, groups of `group` query heads, a cache of `capacity`
    /// positions and head size `headDim`.
    func reserve(threads: Int, group: Int, capacity: Int, headDim: Int) -> Layout {
        let rowStride = DecodeAttentionScratch.rowStride(capacity)
        // Whole cache lines per region.
        let regionFloats = (group * headDim + group * rowStride + group * 8 * headDim + 15) / 16 * 16
        let floats = threads * regionFloats
        let memory = storage.floats(floats)
        return Layout(base: memory.assumingMemoryBound(to: Float.self), regionFloats: regionFloats,
                      group: group, headDim: headDim, rowStride: rowStride)
    }
}
