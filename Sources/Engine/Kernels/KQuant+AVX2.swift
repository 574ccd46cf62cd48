#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel

/// AVX2 building blocks for the K-quant dot products on x86-64 (clang's intrinsics, shipped with
/// the Swift toolchain; the immediate-operand ones are C macros and not importable; the Engine target is compiled with `-mavx2 -mfma`).
///
/// Swift's SIMD types do not lower to `vpmaddubsw` (u8×s8 → pairwise-summed s16), the
/// instruction that makes ggml's AVX2 kernels fast, so the hot dot products call it directly.
/// `__m256i` is imported as `SIMD4<Int64>`, `__m256` as `SIMD8<Float>`.
enum KQuantAVX2 {
    /// 32 bytes at `p + offset`, any alignment.
    @inline(__always)
    static func load(_ p: UnsafeRawPointer, _ offset: Int) -> __m256i {
        _mm256_loadu_si256((p + offset).assumingMemoryBound(to: __m256i.self))
    }

    /// 16 bytes at `p + offset`, any alignment.
    @inline(__always)
    static func load128(_ p: UnsafeRawPointer, _ offset: Int) -> __m128i {
        _mm_loadu_si128((p + offset).assumingMemoryBound(to: __m128i.self))
    }

    /// Sixteen Int16 lanes: the first eight `low`, the last eight `high` (one scale per 16 bytes
    /// of a `vpmaddubsw` result).
    @inline(__always)
    static func splitScale(_ low: Int16, _ high: Int16) -> __m256i {
        _mm256_set_m128i(_mm_set1_epi16(high), _mm_set1_epi16(low))
    }

    /// The 16 bsums of the Q8_K block `y` summed in pairs (`vphaddw`): Int16 lane c = the sum of
    /// the activation quants of sub-block c (32 values), as the mins of Q4_K/Q5_K need them.
    @inline(__always)
    static func bsumPairs(_ y: UnsafeRawPointer) -> __m128i {
        _mm_hadd_epi16(load128(y, Q8_KActivation.bsumsOffset), load128(y, Q8_KActivation.bsumsOffset + 16))
    }

    /// Sum of the eight lanes of an f32 vector in the order of ggml's `hsum_float_8`:
    /// (v0+v4 + v2+v6) + (v1+v5 + v3+v7).
    @inline(__always)
    static func sum(_ v: __m256) -> Float {
        v.treeSum
    }

    /// Sum of the four Int32 lanes of a 128-bit integer vector.
    @inline(__always)
    static func sum(_ v: __m128i) -> Int32 {
        unsafeBitCast(v, to: SIMD4<Int32>.self).wrappedSum()
    }
}
#endif
