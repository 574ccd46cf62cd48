/// Kernels of ggml's Q3_K: 3-bit weights in super-blocks of 256, sixteen sub-blocks of 16 with a
/// 6-bit scale each, w = d·(sc − 32)·(q − 4) (3.4375 bits per weight).
///
/// Block layout (`block_q3_K` in ggml-common.h, 110 bytes):
/// ```
/// uint8_t hmask[32];   // offset 0:   high bit; bit 4h+j of byte l belongs to weight 128h + 32j + l,
///                      //             set means q ≥ 4 (no −4)
/// uint8_t qs[64];      // offset 32:  low 2 bits, laid out as Q2_K's quants
/// uint8_t scales[12];  // offset 96:  16 scales of 6 bits: low nibbles in bytes 0–7 (sub-blocks
///                      //             0–7 low, 8–15 high), top 2 bits in bytes 8–11
/// half    d;           // offset 108: super-block scale
/// ```
package enum Q3_KKernel: QuantKernel {
    package typealias Activation = Q8_KActivation

    static let blockBytes = 110
    static let qsOffset = 32
    static let scalesOffset = 96
    static let dOffset = 108

    package static var type: GGMLType { .q3_K }

    /// The sixteen 6-bit scales (0…63, before subtracting 32) of a block, as ggml's `aux` words:
    /// byte j (little-endian) of the result's element j/4 is the scale of sub-block j.
    @inline(__always)
    static func unpackScales(_ x: UnsafeRawPointer) -> SIMD4<UInt32> {
        let kmask1: UInt32 = 0x0303_0303
        let kmask2: UInt32 = 0x0F0F_0F0F
        let a0 = x.loadUnaligned(fromByteOffset: scalesOffset, as: UInt32.self)
        let a1 = x.loadUnaligned(fromByteOffset: scalesOffset + 4, as: UInt32.self)
        let tmp = x.loadUnaligned(fromByteOffset: scalesOffset + 8, as: UInt32.self)
        return SIMD4(
            (a0 & kmask2) | (((tmp >> 0) & kmask1) << 4),
            (a1 & kmask2) | (((tmp >> 2) & kmask1) << 4),
            ((a0 >> 4) & kmask2) | (((tmp >> 4) & kmask1) << 4),
            ((a1 >> 4) & kmask2) | (((tmp >> 6) & kmask1) << 4)
        )
    }

    // MARK: - Reference (transcriptions of ggml's generic C)

    /// `dequantize_row_q3_K`.
    package static func dequantizeReference(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        precondition(count % KQuant.blockSize == 0, "Q3_K rows hold whole blocks of 256 weights")
        var y = dst
        for i in 0..<(count / KQuant.blockSize) {
            let x = src + i * blockBytes
            let dAll = KQuant.half(x, dOffset)
            var q = (x + qsOffset).assumingMemoryBound(to: UInt8.self)
            let hm = x.assumingMemoryBound(to: UInt8.self)
            var m: UInt8 = 1
            var aux = unpackScales(x)
            let scales: [Int8] = withUnsafeBytes(of: &aux) { Array($0.bindMemory(to: Int8.self)) }
            var ib = 0
            for _ in 0..<2 {
                var shift: UInt8 = 0
                for _ in 0..<4 {
                    var dl = dAll * Float(Int32(scales[ib]) - 32)
                    ib += 1
                    for l in 0..<16 {
                        y[l] = dl * Float(Int32((q[l] >> shift) & 3) - (hm[l] & m != 0 ? 0 : 4))
                    }
                    dl = dAll * Float(Int32(scales[ib]) - 32)
                    ib += 1
                    for l in 0..<16 {
                        y[16 + l] = dl * Float(Int32((q[l + 16] >> shift) & 3) - (hm[l + 16] & m != 0 ? 0 : 4))
                    }
                    y += 32
                    shift += 2
                    m <<= 1
                }
                q += 32
            }
        }
    }

    /// `ggml_vec_dot_q3_K_q8_K_generic`.
    package static func dotReference(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        precondition(count % KQuant.blockSize == 0, "Q3_K rows hold whole blocks of 256 weights")
        var aux8 = [Int8](repeating: 0, count: KQuant.blockSize)
        var sums = [Float](repeating: 0, count: 8)
        var aux32 = [Int32](repeating: 0, count: 8)
        var sumf: Float = 0
        for i in 0..<(count / KQuant.blockSize) {
            let x = weights + i * blockBytes
            let y = activations + i * Q8_KActivation.blockBytes
            var q3 = (x + qsOffset).assumingMemoryBound(to: UInt8.self)
            let hm = x.assumingMemoryBound(to: UInt8.self)
            let q8 = (y + Q8_KActivation.qsOffset).assumingMemoryBound(to: Int8.self)
            var a = 0
            var m: UInt8 = 1
            for _ in 0..<2 {
                for shift in stride(from: UInt8(0), to: 8, by: 2) {
                    for l in 0..<32 { aux8[a + l] = Int8((q3[l] >> shift) & 3) }
                    for l in 0..<32 { aux8[a + l] -= (hm[l] & m != 0 ? 0 : 4) }
                    a += 32
                    m <<= 1
                }
                q3 += 32
            }
            var aux = unpackScales(x)
            let scales: [Int8] = withUnsafeBytes(of: &aux) { Array($0.bindMemory(to: Int8.self)) }
            for l in 0..<8 { aux32[l] = 0 }
            a = 0
            for j in 0..<16 {
                let scale = Int32(scales[j]) - 32
                for _ in 0..<2 {
                    for l in 0..<8 { aux32[l] += scale * (Int32(q8[a + l]) * Int32(aux8[a + l])) }
                    a += 8
                }
            }
            let d = KQuant.half(x, dOffset) * Q8_KActivation.scale(y)
            for l in 0..<8 { sums[l] += d * Float(aux32[l]) }
        }
        for l in 0..<8 { sumf += sums[l] }
        return sumf
    }

    // MARK: - SIMD

    /// The signed 3-bit quants (−4…3) of weights 16k + 8g ..< +8 of half `part` (sub-block 8·part + k).
    @inline(__always)
    private static func quants(_ x: UnsafeRawPointer, _ part: Int, _ k: Int, _ g: Int) -> SIMD8<Int32> {
        let offset = 16 * (k % 2) + 8 * g
        let b = KQuant.u8x8(x, qsOffset + 32 * part + offset)
        let h = KQuant.u8x8(x, offset)
        let low: SIMD8<Int32> = (b &>> Int32(2 * (k / 2))) & 3
        let high: SIMD8<Int32> = (h &>> Int32(4 * part + k / 2)) & 1
        return low &+ (high &<< 2) &- 4
    }

    /// Sub-block scales minus 32 for sub-blocks 8·part ..< 8·part + 8.
    @inline(__always)
    private static func scales(_ aux: SIMD4<UInt32>, _ part: Int) -> SIMD8<Int32> {
        let bits = UInt64(aux[2 * part]) | (UInt64(aux[2 * part + 1]) << 32)
        return KQuant.bytes(bits) &- 32
    }

    /// Dequantizes with 8-lane vectors; identical to `dequantizeReference` bit for bit.
    package static func dequantize(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        precondition(count % KQuant.blockSize == 0, "Q3_K rows hold whole blocks of 256 weights")
        for i in 0..<(count / KQuant.blockSize) {
            let x = src + i * blockBytes
            let y = dst + i * KQuant.blockSize
            let aux = unpackScales(x)
            let dAll = KQuant.half(x, dOffset)
            for part in 0..<2 {
                let ds = dAll * KQuant.float(scales(aux, part))
                for k in 0..<8 {
                    let dl = SIMD8<Float>(repeating: ds[k])
                    for g in 0..<2 {
                        KQuant.store(dl * KQuant.float(quants(x, part, k, g)), y, 128 * part + 16 * k + 8 * g)
                    }
                }
            }
        }
    }

    /// Σ w·a with Swift SIMD: integer products in 8 Int32 lanes, each sub-block's scale applied once.
    package static func dot(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        dotPortable(weights, activations, count)
    }

    /// The Swift-SIMD dot product (`dot` has no hand-written AVX2 kernel for Q3_K yet).
    package static func dotPortable(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        precondition(count % KQuant.blockSize == 0, "Q3_K rows hold whole blocks of 256 weights")
        var sumf: Float = 0
        for i in 0..<(count / KQuant.blockSize) {
            let x = weights + i * blockBytes
            let y = activations + i * Q8_KActivation.blockBytes
            let q8 = y + Q8_KActivation.qsOffset
            let aux = unpackScales(x)
            var acc = SIMD8<Int32>()
            for part in 0..<2 {
                let sc = scales(aux, part)
                for k in 0..<8 {
                    var p = SIMD8<Int32>()
                    for g in 0..<2 {
                        p &+= quants(x, part, k, g) &* KQuant.i8x8(q8, 128 * part + 16 * k + 8 * g)
                    }
                    acc &+= p &* sc[k]
                }
            }
            sumf += KQuant.half(x, dOffset) * Q8_KActivation.scale(y) * Float(acc.wrappedSum())
        }
        return sumf
    }
}
