#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// Reads and writes of the 16-bit floats inside ggml blocks (`ggml_half`, little-endian, unaligned).
///
/// Swift's `Float16` converts with F16C (`vcvtph2ps`/`vcvtps2ph`) when the target has it, and
/// rounds to nearest-even like ggml's `GGML_FP32_TO_FP16`.
enum Half {
    /// The f16 at `p + offset` as a Float.
    @inline(__always)
    static func load(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
        Float(p.loadUnaligned(fromByteOffset: offset, as: Float16.self))
    }

    /// The two f16 at the start of 4 blocks `stride` bytes apart, as floats (exact):
    /// (p[0], p[1], (p+stride)[0], (p+stride)[1], …) in one `vcvtph2ps`.
    @inline(__always)
    static func scalePairs(_ p: UnsafeRawPointer, _ stride: Int) -> SIMD8<Float> {
        let words = SIMD4<UInt32>(p.loadUnaligned(as: UInt32.self),
                                  p.loadUnaligned(fromByteOffset: stride, as: UInt32.self),
                                  p.loadUnaligned(fromByteOffset: 2 * stride, as: UInt32.self),
                                  p.loadUnaligned(fromByteOffset: 3 * stride, as: UInt32.self))
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        return _mm256_cvtph_ps(unsafeBitCast(words, to: __m128i.self))
        #else
        return SIMD8<Float>(unsafeBitCast(words, to: SIMD8<Float16>.self))
        #endif
    }

    /// Stores `value` rounded to f16 at `p + offset`.
    @inline(__always)
    static func store(_ value: Float, _ p: UnsafeMutableRawPointer, _ offset: Int) {
        p.storeBytes(of: Float16(value), toByteOffset: offset, as: Float16.self)
    }
}

/// bf16 (the upper half of an f32) conversions with ggml's rounding.
enum BFloat16 {
    /// The f32 whose upper 16 bits are `bits`.
    @inline(__always)
    static func toFloat(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }

    /// `value` rounded to nearest-even bf16; NaNs stay NaN (quiet bit set), as `ggml_compute_fp32_to_bf16`.
    @inline(__always)
    static func fromFloat(_ value: Float) -> UInt16 {
        let u = value.bitPattern
        if u & 0x7fff_ffff > 0x7f80_0000 { return UInt16(truncatingIfNeeded: (u >> 16) | 64) }
        return UInt16(truncatingIfNeeded: (u &+ (0x7fff &+ ((u >> 16) & 1))) >> 16)
    }
}
