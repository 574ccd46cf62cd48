#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// Eight halves at a time through F16C (`vcvtph2ps`/`vcvtps2ph`): Swift's generic SIMD
/// conversion initializers are not always inlined and then cost a call per vector.
enum Half8 {
    /// 8 halves at `p` as floats (exact).
    @inline(__always)
    static func load(_ p: UnsafePointer<Float16>) -> SIMD8<Float> {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        return _mm256_cvtph_ps(UnsafeRawPointer(p).loadUnaligned(as: __m128i.self))
        #else
        return SIMD8<Float>(UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float16>.self))
        #endif
    }

    /// x rounded to f16 (to nearest, ties to even) and back to f32.
    @inline(__always)
    static func round(_ x: SIMD8<Float>) -> SIMD8<Float> {
        var r = SIMD8<Float>()
        for l in 0..<8 { r[l] = Float(Float16(x[l])) }
        return r
    }
}
