/// Zeroed, 64-byte aligned working memory kept across calls and reallocated only when a call needs
/// more than it holds (the attention scratches' storage: no allocation per token or batch).
final class GrowableScratch {
    private var base: UnsafeMutableRawPointer?
    private var bytes = 0

    deinit { base?.deallocate() }

    /// At least `floats` floats; zero when first allocated, otherwise what the last call left.
    func floats(_ floats: Int) -> UnsafeMutableRawPointer {
        let needed = floats * 4
        if let base, bytes >= needed { return base }
        base?.deallocate()
        let memory = UnsafeMutableRawPointer.allocate(byteCount: needed, alignment: 64)
        memory.initializeMemory(as: Float.self, repeating: 0, count: floats)
        base = memory
        bytes = needed
        return memory
    }
}
