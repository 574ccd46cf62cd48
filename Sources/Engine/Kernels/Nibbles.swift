#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// Bit unpacking shared by the 4- and 5-bit block kernels.
enum Nibbles {
    /// The 32 4-bit values of 16 packed bytes in ggml's order: element j < 16 is the low
    /// nibble of byte j, element j + 16 its high nibble.
    @inline(__always)
    static func unpack(_ qs: UnsafeRawPointer) -> SIMD32<UInt8> {
        let packed = qs.loadUnaligned(as: SIMD16<UInt8>.self)
        return SIMD32(lowHalf: packed & 0x0F, highHalf: packed &>> 4)
    }

    /// The 32 5-bit quants of a Q5 block: `unpack(qs) | fifthBits(qh)`, with the OR as one `vpor`
    /// (Swift's `|` on `SIMD32<UInt8>` compiles to a byte loop through memory here).
    @inline(__always)
    static func unpack5(_ qs: UnsafeRawPointer, _ qh: UInt32) -> SIMD32<UInt8> {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        return unsafeBitCast(
            _mm256_or_si256(unsafeBitCast(unpack(qs), to: __m256i.self), unsafeBitCast(fifthBits(qh), to: __m256i.self)),
            to: SIMD32<UInt8>.self)
        #else
        return unpack(qs) | fifthBits(qh)
        #endif
    }

    /// 0x10 in lane j where bit j of the little-endian `qh` is set, else 0 (the 5th bit of Q5 quants).
    ///
    /// On x86-64 this is ggml's `bytes_from_bits_32` (broadcast, `vpshufb` byte k/8 to lane k, OR all
    /// but bit k%8, compare with 0xFF) masked to 0x10: the portable form below compiles to a scalar loop.
    @inline(__always)
    static func fifthBits(_ qh: UInt32) -> SIMD32<UInt8> {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        let spread = _mm256_shuffle_epi8(
            _mm256_set1_epi32(Int32(bitPattern: qh)),
            _mm256_set_epi64x(0x0303_0303_0303_0303, 0x0202_0202_0202_0202, 0x0101_0101_0101_0101, 0))
        let others = _mm256_set1_epi64x(0x7fbf_dfef_f7fb_fdfe)  // every bit but bit k%8 of lane k
        let set = _mm256_cmpeq_epi8(_mm256_or_si256(spread, others), _mm256_set1_epi64x(-1))
        return unsafeBitCast(_mm256_and_si256(set, _mm256_set1_epi8(0x10)), to: SIMD32<UInt8>.self)
        #else
        return fifthBitsPortable(qh)
        #endif
    }

    /// `fifthBits` in plain Swift (used off x86-64, and by the tests to check the AVX2 path).
    @inline(__always)
    static func fifthBitsPortable(_ qh: UInt32) -> SIMD32<UInt8> {
        let b0 = SIMD8<UInt8>(repeating: UInt8(truncatingIfNeeded: qh))
        let b1 = SIMD8<UInt8>(repeating: UInt8(truncatingIfNeeded: qh >> 8))
        let b2 = SIMD8<UInt8>(repeating: UInt8(truncatingIfNeeded: qh >> 16))
        let b3 = SIMD8<UInt8>(repeating: UInt8(truncatingIfNeeded: qh >> 24))
        let bytes = SIMD32(lowHalf: SIMD16(lowHalf: b0, highHalf: b1), highHalf: SIMD16(lowHalf: b2, highHalf: b3))
        let lanes = SIMD32<UInt8>(1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128,
                                  1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128)
        return SIMD32<UInt8>(repeating: 0).replacing(with: 0x10, where: (bytes & lanes) .!= 0)
    }

    /// Writes dst[j] = (q[j] − bias)·d for 32 unsigned quants (bit for bit ggml's `x0*d`).
    @inline(__always)
    static func storeScaled(_ q: SIMD32<UInt8>, bias: Float, d: Float, _ dst: UnsafeMutablePointer<Float>) {
        let dv = SIMD8<Float>(repeating: d), bv = SIMD8<Float>(repeating: bias)
        for k in 0..<4 {
            UnsafeMutableRawPointer(dst + 8 * k).storeBytes(of: (widen(q, k) - bv) * dv, as: SIMD8<Float>.self)
        }
    }

    /// Writes dst[j] = q[j]·d + m for 32 unsigned quants (bit for bit ggml's `x0*d + m`, unfused).
    @inline(__always)
    static func storeAffine(_ q: SIMD32<UInt8>, d: Float, m: Float, _ dst: UnsafeMutablePointer<Float>) {
        let dv = SIMD8<Float>(repeating: d), mv = SIMD8<Float>(repeating: m)
        for k in 0..<4 {
            UnsafeMutableRawPointer(dst + 8 * k).storeBytes(of: widen(q, k) * dv + mv, as: SIMD8<Float>.self)
        }
    }

    /// Lanes 8k..<8k+8 of `q` as floats.
    @inline(__always)
    static func widen(_ q: SIMD32<UInt8>, _ k: Int) -> SIMD8<Float> {
        var f = SIMD8<Float>()
        for i in 0..<8 { f[i] = Float(q[8 * k + i]) }
        return f
    }
}
