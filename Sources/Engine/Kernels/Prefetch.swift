/// Software prefetch (`prefetcht0`): asks for the cache line holding `p` ahead of its use.
///
/// The hardware prefetchers miss the short, interleaved streams of the decode loops (4 weight
/// rows of a few hundred bytes each per matvec tile; K/V rows at a stride of the cache width), so
/// those loops name the lines they will read a little later. A prefetch never faults, so the
/// address may lie past the end of a buffer.
enum Prefetch {
    /// Brings the line of `p` into all cache levels (read, highest locality).
    @inline(__always)
    static func read(_ p: UnsafeRawPointer) {
        #if arch(x86_64)
        llvmPrefetch(p, 0, 3, 1)
        #endif
    }
}

#if arch(x86_64)
/// LLVM's prefetch intrinsic: (address, rw 0 = read, locality 0–3, cache type 1 = data).
@_silgen_name("llvm.prefetch.p0")
private func llvmPrefetch(_ p: UnsafeRawPointer, _ rw: Int32, _ locality: Int32, _ cacheType: Int32)
#endif
