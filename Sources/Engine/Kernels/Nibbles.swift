/// Bit unpacking shared by the 4- and 5-bit block kernels.
enum Nibbles {
    /// The 32 4-bit values of 16 packed bytes in ggml's order: element j < 16 is the low
    /// nibble of byte j, element j + 16 its high nibble.
    @inline(__always)
    static func unpack(_ qs: UnsafeRawPointer) -> SIMD32<UInt8> {
        let packed = qs.loadUnaligned(as: SIMD16<UInt8>.self)
        return SIMD32(lowHalf: packed & 0x0F, highHalf: packed &>> 4)
    }

    /// 0x10 in lane j where bit j of the little-endian `qh` is set, else 0 (the 5th bit of Q5 quants).
    @inline(__always)
    static func fifthBits(_ qh: UInt32) -> SIMD32<UInt8> {
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
