/// Kernels of ggml's Q2_K: 2-bit weights in super-blocks of 256, sixteen sub-blocks of 16 each
/// with a 4-bit scale and a 4-bit min, w = d·sc·q − dmin·m (2.625 bits per weight).
///
/// Block layout (`block_q2_K` in ggml-common.h, 84 bytes):
/// ```
/// uint8_t scales[16];  // offset 0:  per sub-block: scale (low nibble), min (high nibble)
/// uint8_t qs[64];      // offset 16: quants; per half h (128 weights), bits 2j..2j+1 of byte
///                      //            32h + l hold weight 32j + l of that half
/// half    d;           // offset 80: super-block scale of the scales
/// half    dmin;        // offset 82: super-block scale of the mins
/// ```
package enum Q2_KKernel: QuantKernel {
    package typealias Activation = Q8_KActivation

    static let blockBytes = 84
    static let qsOffset = 16
    static let dOffset = 80
    static let dminOffset = 82

    package static var type: GGMLType { .q2_K }

    // MARK: - Reference (transcriptions of ggml's generic C)

    /// `dequantize_row_q2_K`.
    package static func dequantizeReference(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        precondition(count % KQuant.blockSize == 0, "Q2_K rows hold whole blocks of 256 weights")
        var y = dst
        for i in 0..<(count / KQuant.blockSize) {
            let x = src + i * blockBytes
            let d = KQuant.half(x, dOffset)
            let min = KQuant.half(x, dminOffset)
            let scales = x.assumingMemoryBound(to: UInt8.self)
            var q = (x + qsOffset).assumingMemoryBound(to: UInt8.self)
            var ib = 0
            for _ in 0..<2 {
                var shift: UInt8 = 0
                for _ in 0..<4 {
                    var sc = scales[ib]
                    ib += 1
                    var dl = d * Float(sc & 0xF), ml = min * Float(sc >> 4)
                    for l in 0..<16 { y[l] = dl * Float(Int8((q[l] >> shift) & 3)) - ml }
                    sc = scales[ib]
                    ib += 1
                    dl = d * Float(sc & 0xF)
                    ml = min * Float(sc >> 4)
                    for l in 0..<16 { y[16 + l] = dl * Float(Int8((q[l + 16] >> shift) & 3)) - ml }
                    y += 32
                    shift += 2
                }
                q += 32
            }
        }
    }

    /// `ggml_vec_dot_q2_K_q8_K_generic`.
    package static func dotReference(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        precondition(count % KQuant.blockSize == 0, "Q2_K rows hold whole blocks of 256 weights")
        var sumf: Float = 0
        for i in 0..<(count / KQuant.blockSize) {
            let x = weights + i * blockBytes
            let y = activations + i * Q8_KActivation.blockBytes
            var q2 = (x + qsOffset).assumingMemoryBound(to: UInt8.self)
            var q8 = (y + Q8_KActivation.qsOffset).assumingMemoryBound(to: Int8.self)
            let sc = x.assumingMemoryBound(to: UInt8.self)
            var summs: Int32 = 0
            for j in 0..<16 {
                let bsum = y.loadUnaligned(fromByteOffset: Q8_KActivation.bsumsOffset + 2 * j, as: Int16.self)
                summs += Int32(bsum) * Int32(sc[j] >> 4)
            }
            let dall = Q8_KActivation.scale(y) * KQuant.half(x, dOffset)
            let dmin = Q8_KActivation.scale(y) * KQuant.half(x, dminOffset)
            var isum: Int32 = 0
            var ib = 0
            for _ in 0..<2 {
                var shift: UInt8 = 0
                for _ in 0..<4 {
                    var d = Int32(sc[ib] & 0xF)
                    ib += 1
                    var isuml: Int32 = 0
                    for l in 0..<16 { isuml += Int32(q8[l]) * Int32((q2[l] >> shift) & 3) }
                    isum += d * isuml
                    d = Int32(sc[ib] & 0xF)
                    ib += 1
                    isuml = 0
                    for l in 16..<32 { isuml += Int32(q8[l]) * Int32((q2[l] >> shift) & 3) }
                    isum += d * isuml
                    shift += 2
                    q8 += 32
                }
                q2 += 32
            }
            sumf += dall * Float(isum) - dmin * Float(summs)
        }
        return sumf
    }

    // MARK: - SIMD

    /// Dequantizes with 8-lane vectors; identical to `dequantizeReference` bit for bit.
    package static func dequantize(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        precondition(count % KQuant.blockSize == 0, "Q2_K rows hold whole blocks of 256 weights")
        for i in 0..<(count / KQuant.blockSize) {
            let x = src + i * blockBytes
            let y = dst + i * KQuant.blockSize
            let d = KQuant.half(x, dOffset)
            let dmin = KQuant.half(x, dminOffset)
            for part in 0..<2 {
                let s = KQuant.u8x8(x, 8 * part)  // scales of sub-blocks 8·part ..< 8·part + 8
                let ds = d * KQuant.float(s & 0xF)
                let ms = dmin * KQuant.float(s &>> 4)
                // Sub-block 8·part + k covers weights 16k..<16k+16 of half `part`.
                for k in 0..<8 {
                    let shift = Int32(2 * (k / 2))
                    let dl = SIMD8<Float>(repeating: ds[k]), ml = SIMD8<Float>(repeating: ms[k])
                    for g in 0..<2 {
                        let b = KQuant.u8x8(x, qsOffset + 32 * part + 16 * (k % 2) + 8 * g)
                        let q: SIMD8<Int32> = (b &>> shift) & 3
                        KQuant.store(dl * KQuant.float(q) - ml, y, 128 * part + 16 * k + 8 * g)
                    }
                }
            }
        }
    }

    /// Σ w·a with Swift SIMD: integer products in 8 Int32 lanes, each sub-block's scale applied once.
    package static func dot(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        dotPortable(weights, activations, count)
    }

    /// The Swift-SIMD dot product (`dot` has no hand-written AVX2 kernel for Q2_K yet).
    package static func dotPortable(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        precondition(count % KQuant.blockSize == 0, "Q2_K rows hold whole blocks of 256 weights")
        var sumf: Float = 0
        for i in 0..<(count / KQuant.blockSize) {
            let x = weights + i * blockBytes
            let y = activations + i * Q8_KActivation.blockBytes
            let q8 = y + Q8_KActivation.qsOffset
            var acc = SIMD8<Int32>()
            var summs: Int32 = 0
            for part in 0..<2 {
                let s = KQuant.u8x8(x, 8 * part)
                let scales: SIMD8<Int32> = s & 0xF
                let bsums = KQuant.i16x8(y, Q8_KActivation.bsumsOffset + 16 * part)
                summs &+= ((s &>> 4) &* bsums).wrappedSum()
                for k in 0..<8 {
                    let shift = Int32(2 * (k / 2))
                    var p = SIMD8<Int32>()
                    for g in 0..<2 {
                        let b = KQuant.u8x8(x, qsOffset + 32 * part + 16 * (k % 2) + 8 * g)
                        let q: SIMD8<Int32> = (b &>> shift) & 3
                        p &+= q &* KQuant.i8x8(q8, 128 * part + 16 * k + 8 * g)
                    }
                    acc &+= p &* scales[k]
                }
            }
            let dy = Q8_KActivation.scale(y)
            sumf += dy * KQuant.half(x, dOffset) * Float(acc.wrappedSum()) - dy * KQuant.half(x, dminOffset) * Float(summs)
        }
        return sumf
    }
}
