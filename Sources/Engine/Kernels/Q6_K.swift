/// Kernels of ggml's Q6_K: 6-bit weights in super-blocks of 256, sixteen sub-blocks of 16 with an
/// 8-bit signed scale each, w = d·sc·(q − 32) (6.5625 bits per weight).
///
/// Block layout (`block_q6_K` in ggml-common.h, 210 bytes):
/// ```
/// uint8_t ql[128];    // offset 0:   low 4 bits; per half h (128 weights): bytes 64h..<64h+32 hold
///                     //             weights 0–31 (low nibble) and 64–95 (high), bytes +32..<+64
///                     //             weights 32–63 (low) and 96–127 (high)
/// uint8_t qh[64];     // offset 128: high 2 bits; byte 32h+l holds weights l, l+32, l+64, l+96
///                     //             of half h in bits 0–1, 2–3, 4–5, 6–7
/// int8_t  scales[16]; // offset 192: one scale per 16 weights
/// half    d;          // offset 208: super-block scale
/// ```
package enum Q6_KKernel: QuantKernel {
    package typealias Activation = Q8_KActivation

    static let blockBytes = 210
    static let qhOffset = 128
    static let scalesOffset = 192
    static let dOffset = 208

    package static var type: GGMLType { .q6_K }

    // MARK: - Reference (transcriptions of ggml's generic C)

    /// `dequantize_row_q6_K`.
    package static func dequantizeReference(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        precondition(count % KQuant.blockSize == 0, "Q6_K rows hold whole blocks of 256 weights")
        var y = dst
        for i in 0..<(count / KQuant.blockSize) {
            let x = src + i * blockBytes
            let d = KQuant.half(x, dOffset)
            var ql = x.assumingMemoryBound(to: UInt8.self)
            var qh = (x + qhOffset).assumingMemoryBound(to: UInt8.self)
            var sc = (x + scalesOffset).assumingMemoryBound(to: Int8.self)
            for _ in 0..<2 {
                for l in 0..<32 {
                    let ib = l / 16
                    let q1 = Int8(bitPattern: (ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32
                    let q2 = Int8(bitPattern: (ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32
                    let q3 = Int8(bitPattern: (ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32
                    let q4 = Int8(bitPattern: (ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32
                    y[l] = d * Float(sc[ib]) * Float(q1)
                    y[l + 32] = d * Float(sc[ib + 2]) * Float(q2)
                    y[l + 64] = d * Float(sc[ib + 4]) * Float(q3)
                    y[l + 96] = d * Float(sc[ib + 6]) * Float(q4)
                }
                y += 128
                ql += 64
                qh += 32
                sc += 8
            }
        }
    }

    /// `ggml_vec_dot_q6_K_q8_K_generic`.
    package static func dotReference(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        precondition(count % KQuant.blockSize == 0, "Q6_K rows hold whole blocks of 256 weights")
        var aux8 = [Int8](repeating: 0, count: KQuant.blockSize)
        var sums = [Float](repeating: 0, count: 8)
        var aux32 = [Int32](repeating: 0, count: 8)
        var sumf: Float = 0
        for i in 0..<(count / KQuant.blockSize) {
            let x = weights + i * blockBytes
            let y = activations + i * Q8_KActivation.blockBytes
            let q8 = (y + Q8_KActivation.qsOffset).assumingMemoryBound(to: Int8.self)
            let scales = (x + scalesOffset).assumingMemoryBound(to: Int8.self)
            var q4 = x.assumingMemoryBound(to: UInt8.self)
            var qh = (x + qhOffset).assumingMemoryBound(to: UInt8.self)
            var a = 0
            for _ in 0..<2 {
                for l in 0..<32 {
                    aux8[a + l] = Int8(bitPattern: (q4[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32
                    aux8[a + l + 32] = Int8(bitPattern: (q4[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32
                    aux8[a + l + 64] = Int8(bitPattern: (q4[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32
                    aux8[a + l + 96] = Int8(bitPattern: (q4[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32
                }
                a += 128
                q4 += 64
                qh += 32
            }
            for l in 0..<8 { aux32[l] = 0 }
            a = 0
            for j in 0..<16 {
                let scale = Int32(scales[j])
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

    /// The 6-bit quants of weights l, l+32, l+64, l+96 (l = 8g..<8g+8) of one half-block, minus 32.
    @inline(__always)
    private static func quants(_ ql: UnsafeRawPointer, _ qh: UnsafeRawPointer, _ g: Int)
        -> (SIMD8<Int32>, SIMD8<Int32>, SIMD8<Int32>, SIMD8<Int32>) {
        let a = KQuant.u8x8(ql, 8 * g)
        let b = KQuant.u8x8(ql, 32 + 8 * g)
        let h = KQuant.u8x8(qh, 8 * g)
        let m = SIMD8<Int32>(repeating: 0x30)
        let q1 = ((a & 0xF) | ((h &<< 4) & m)) &- 32
        let q2 = ((b & 0xF) | ((h &<< 2) & m)) &- 32
        let q3 = ((a &>> 4) | (h & m)) &- 32
        let q4 = ((b &>> 4) | ((h &>> 2) & m)) &- 32
        return (q1, q2, q3, q4)
    }

    /// Dequantizes with 8-lane vectors; identical to `dequantizeReference` bit for bit.
    package static func dequantize(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        precondition(count % KQuant.blockSize == 0, "Q6_K rows hold whole blocks of 256 weights")
        for i in 0..<(count / KQuant.blockSize) {
            let x = src + i * blockBytes
            let y = dst + i * KQuant.blockSize
            let d = KQuant.half(x, dOffset)
            for half in 0..<2 {
                let ds = d * KQuant.float(KQuant.i8x8(x, scalesOffset + 8 * half))  // d·sc per 16 weights
                for g in 0..<4 {
                    let (q1, q2, q3, q4) = quants(x + 64 * half, x + qhOffset + 32 * half, g)
                    let ib = g / 2
                    let o = 128 * half + 8 * g
                    KQuant.store(ds[ib] * KQuant.float(q1), y, o)
                    KQuant.store(ds[ib + 2] * KQuant.float(q2), y, o + 32)
                    KQuant.store(ds[ib + 4] * KQuant.float(q3), y, o + 64)
                    KQuant.store(ds[ib + 6] * KQuant.float(q4), y, o + 96)
                }
            }
        }
    }

    /// Σ w·a: the AVX2 kernel on x86-64, the portable `dotPortable` elsewhere.
    package static func dot(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        precondition(count % KQuant.blockSize == 0, "Q6_K rows hold whole blocks of 256 weights")
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        return dotAVX2(weights, activations, count)
        #else
        return dotPortable(weights, activations, count)
        #endif
    }

    /// Σ w·a with Swift SIMD: integer products in 8 Int32 lanes, each sub-block's scale applied once.
    package static func dotPortable(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        var sumf: Float = 0
        for i in 0..<(count / KQuant.blockSize) {
            let x = weights + i * blockBytes
            let y = activations + i * Q8_KActivation.blockBytes
            let q8 = y + Q8_KActivation.qsOffset
            var acc = SIMD8<Int32>()
            for half in 0..<2 {
                let sc = KQuant.i8x8(x, scalesOffset + 8 * half)
                let y8 = q8 + 128 * half
                for ib in 0..<2 {
                    var p1 = SIMD8<Int32>(), p2 = SIMD8<Int32>(), p3 = SIMD8<Int32>(), p4 = SIMD8<Int32>()
                    for g in (2 * ib)..<(2 * ib + 2) {
                        let (q1, q2, q3, q4) = quants(x + 64 * half, x + qhOffset + 32 * half, g)
                        p1 &+= q1 &* KQuant.i8x8(y8, 8 * g)
                        p2 &+= q2 &* KQuant.i8x8(y8, 32 + 8 * g)
                        p3 &+= q3 &* KQuant.i8x8(y8, 64 + 8 * g)
                        p4 &+= q4 &* KQuant.i8x8(y8, 96 + 8 * g)
                    }
                    acc &+= p1 &* sc[ib] &+ p2 &* sc[ib + 2] &+ p3 &* sc[ib + 4] &+ p4 &* sc[ib + 6]
                }
            }
            sumf += KQuant.half(x, dOffset) * Q8_KActivation.scale(y) * Float(acc.wrappedSum())
        }
        return sumf
    }
}
