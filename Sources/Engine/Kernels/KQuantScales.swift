/// Helpers shared by the K-quant kernels (Q2_K … Q6_K, Q8_K): half-precision loads and stores,
/// ggml's `nearest_int`, and the 6-bit scale/min packing of Q4_K and Q5_K.
///
/// Every K-quant super-block holds `QK_K = 256` weights. Block bytes may sit at any address
/// (210-byte Q6_K blocks are not even 2-aligned in a GGUF), so every multi-byte field is read
/// with an unaligned load.
enum KQuant {
    /// Weights per super-block (`QK_K` in ggml-common.h).
    static let blockSize = 256

    /// The fp16 value at `offset` bytes from `p`, widened to f32 (exact).
    @inline(__always)
    static func half(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
        Float(Float16(bitPattern: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
    }

    /// Stores `value` rounded to fp16 (round to nearest even, as `GGML_FP32_TO_FP16`) at `offset`.
    @inline(__always)
    static func storeHalf(_ value: Float, _ p: UnsafeMutableRawPointer, _ offset: Int) {
        p.storeBytes(of: Float16(value).bitPattern, toByteOffset: offset, as: UInt16.self)
    }

    /// `value` rounded through fp16 and back, as ggml re-reads a scale it has just stored.
    @inline(__always)
    static func roundedToHalf(_ value: Float) -> Float {
        Float(Float16(value))
    }

    /// ggml's `nearest_int`: round to nearest (ties to even) via the 1.5·2^23 magic number.
    /// Valid for |value| ≤ 4194303, as in ggml.
    @inline(__always)
    static func nearestInt(_ value: Float) -> Int32 {
        let shifted = value + 12_582_912
        return Int32(bitPattern: shifted.bitPattern & 0x007F_FFFF) &- 0x0040_0000
    }

    /// ggml's `get_scale_min_k4`: the 6-bit scale and min of sub-block `j` (0..<8) from the 12
    /// packed bytes at `q` (Q4_K and Q5_K). Bytes 0–3 hold scales 0–3 (low 6 bits) and the top two
    /// bits of scales 4–7; bytes 4–7 the same for the mins; bytes 8–11 the low nibbles of
    /// scales 4–7 (low) and mins 4–7 (high).
    @inline(__always)
    static func scaleMin(_ j: Int, _ q: UnsafeRawPointer) -> (scale: UInt8, min: UInt8) {
        let b = q.assumingMemoryBound(to: UInt8.self)
        if j < 4 {
            return (b[j] & 63, b[j + 4] & 63)
        }
        let scale = (b[j + 4] & 0xF) | ((b[j - 4] >> 6) << 4)
        let min = (b[j + 4] >> 4) | ((b[j] >> 6) << 4)
        return (scale, min)
    }

    /// All eight scales and mins of a Q4_K/Q5_K block at once, widened to Int32 lanes:
    /// lane j = sub-block j.
    @inline(__always)
    static func unpackScaleMin(_ q: UnsafeRawPointer) -> (scales: SIMD8<Int32>, mins: SIMD8<Int32>) {
        let (scales, mins) = unpackScaleMinBits(q)
        return (bytes(scales), bytes(mins))
    }

    /// All eight scales and mins of a Q4_K/Q5_K block at once (the `utmp` trick of ggml's dot
    /// products): byte j of `scales` (little-endian) is the scale of sub-block j, same for `mins`.
    @inline(__always)
    static func unpackScaleMinBits(_ q: UnsafeRawPointer) -> (scales: UInt64, mins: UInt64) {
        let kmask1: UInt32 = 0x3F3F_3F3F
        let kmask2: UInt32 = 0x0F0F_0F0F
        let kmask3: UInt32 = 0x0303_0303
        let u0 = q.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
        let u1 = q.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
        let u2 = q.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
        let s0 = u0 & kmask1
        let s1 = (u2 & kmask2) | (((u0 >> 6) & kmask3) << 4)
        let m0 = u1 & kmask1
        let m1 = ((u2 >> 4) & kmask2) | (((u1 >> 6) & kmask3) << 4)
        return (UInt64(s0) | (UInt64(s1) << 32), UInt64(m0) | (UInt64(m1) << 32))
    }

    /// Packs eight 6-bit scales and mins into the 12-byte layout `scaleMin` reads.
    static func packScaleMin(scales ls: [UInt8], mins lm: [UInt8], _ out: UnsafeMutableRawPointer) {
        let b = out.assumingMemoryBound(to: UInt8.self)
        for j in 0..<12 { b[j] = 0 }
        for j in 0..<8 {
            if j < 4 {
                b[j] = ls[j]
                b[j + 4] = lm[j]
            } else {
                b[j + 4] = (ls[j] & 0xF) | ((lm[j] & 0xF) << 4)
                b[j - 4] |= (ls[j] >> 4) << 6
                b[j] |= (lm[j] >> 4) << 6
            }
        }
    }

    // The vector helpers below build vectors lane by lane from scalars: LLVM folds that into
    // single instructions (vpmovzxbd, vpmovsxbd, vcvtdq2ps), whereas the stdlib's generic
    // `SIMD8(truncatingIfNeeded:)` and `SIMD8<Float>(_:)` initializers are sometimes left as calls
    // to their pre-specialized, out-of-line versions in large functions.

    /// Eight lanes of unsigned bytes at `p + offset`, zero-extended.
    @inline(__always)
    static func u8x8(_ p: UnsafeRawPointer, _ offset: Int) -> SIMD8<Int32> {
        let b = (p + offset).assumingMemoryBound(to: UInt8.self)
        return SIMD8(Int32(b[0]), Int32(b[1]), Int32(b[2]), Int32(b[3]),
                     Int32(b[4]), Int32(b[5]), Int32(b[6]), Int32(b[7]))
    }

    /// Eight lanes of signed bytes at `p + offset`, sign-extended.
    @inline(__always)
    static func i8x8(_ p: UnsafeRawPointer, _ offset: Int) -> SIMD8<Int32> {
        let b = (p + offset).assumingMemoryBound(to: Int8.self)
        return SIMD8(Int32(b[0]), Int32(b[1]), Int32(b[2]), Int32(b[3]),
                     Int32(b[4]), Int32(b[5]), Int32(b[6]), Int32(b[7]))
    }

    /// Eight lanes of Int16 at `p + offset` (any alignment), sign-extended.
    @inline(__always)
    static func i16x8(_ p: UnsafeRawPointer, _ offset: Int) -> SIMD8<Int32> {
        func at(_ i: Int) -> Int32 { Int32(p.loadUnaligned(fromByteOffset: offset + 2 * i, as: Int16.self)) }
        return SIMD8(at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7))
    }

    /// The eight bytes of `bits` (little-endian), zero-extended to lanes.
    @inline(__always)
    static func bytes(_ bits: UInt64) -> SIMD8<Int32> {
        func at(_ i: Int) -> Int32 { Int32(truncatingIfNeeded: (bits >> (8 * UInt64(i))) & 0xFF) }
        return SIMD8(at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7))
    }

    /// Lanes converted to f32 (exact for |v| < 2^24).
    @inline(__always)
    static func float(_ v: SIMD8<Int32>) -> SIMD8<Float> {
        SIMD8(Float(v[0]), Float(v[1]), Float(v[2]), Float(v[3]),
              Float(v[4]), Float(v[5]), Float(v[6]), Float(v[7]))
    }

    /// Stores eight floats at `dst + index` (any alignment).
    @inline(__always)
    static func store(_ v: SIMD8<Float>, _ dst: UnsafeMutablePointer<Float>, _ index: Int) {
        UnsafeMutableRawPointer(dst + index).storeBytes(of: v, as: SIMD8<Float>.self)
    }
}
