/// Kernels of ggml's Q4_K: 4-bit weights in super-blocks of 256, eight sub-blocks of 32 each with
/// a 6-bit scale and a 6-bit min, w = d·sc·q − dmin·m (4.5 bits per weight).
///
/// Block layout (`block_q4_K` in ggml-common.h, 144 bytes):
/// ```
/// half    d;           // offset 0:  super-block scale of the scales
/// half    dmin;        // offset 2:  super-block scale of the mins
/// uint8_t scales[12];  // offset 4:  8 scales + 8 mins, 6 bits each (see KQuant.scaleMin)
/// uint8_t qs[128];     // offset 16: quants; bytes 32c..<32c+32 hold sub-block 2c (low nibbles)
///                      //            and sub-block 2c+1 (high nibbles)
/// ```
package enum Q4_KKernel: QuantKernel {
    package typealias Activation = Q8_KActivation

    static let blockBytes = 144
    static let scalesOffset = 4
    static let qsOffset = 16

    package static var type: GGMLType { .q4_K }

    // MARK: - Reference (transcriptions of ggml's generic C)

    /// `dequantize_row_q4_K`.
    package static func dequantizeReference(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        precondition(count % KQuant.blockSize == 0, "Q4_K rows hold whole blocks of 256 weights")
        var y = dst
        for i in 0..<(count / KQuant.blockSize) {
            let x = src + i * blockBytes
            let d = KQuant.half(x, 0)
            let min = KQuant.half(x, 2)
            var q = (x + qsOffset).assumingMemoryBound(to: UInt8.self)
            var ib = 0
            for _ in stride(from: 0, to: KQuant.blockSize, by: 64) {
                let (sc1, m1b) = KQuant.scaleMin(ib, x + scalesOffset)
                let d1 = d * Float(sc1), m1 = min * Float(m1b)
                let (sc2, m2b) = KQuant.scaleMin(ib + 1, x + scalesOffset)
                let d2 = d * Float(sc2), m2 = min * Float(m2b)
                for l in 0..<32 { y[l] = d1 * Float(q[l] & 0xF) - m1 }
                for l in 0..<32 { y[32 + l] = d2 * Float(q[l] >> 4) - m2 }
                y += 64
                q += 32
                ib += 2
            }
        }
    }

    /// `ggml_vec_dot_q4_K_q8_K_generic`.
    package static func dotReference(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        precondition(count % KQuant.blockSize == 0, "Q4_K rows hold whole blocks of 256 weights")
        var aux8 = [Int8](repeating: 0, count: KQuant.blockSize)
        var sums = [Float](repeating: 0, count: 8)
        var aux32 = [Int32](repeating: 0, count: 8)
        var sumf: Float = 0
        for i in 0..<(count / KQuant.blockSize) {
            let x = weights + i * blockBytes
            let y = activations + i * Q8_KActivation.blockBytes
            let q4 = (x + qsOffset).assumingMemoryBound(to: UInt8.self)
            let q8 = (y + Q8_KActivation.qsOffset).assumingMemoryBound(to: Int8.self)
            for j in 0..<4 {
                for l in 0..<32 { aux8[64 * j + l] = Int8(q4[32 * j + l] & 0xF) }
                for l in 0..<32 { aux8[64 * j + 32 + l] = Int8(q4[32 * j + l] >> 4) }
            }
            var scales = [UInt8](repeating: 0, count: 8)
            var mins = [UInt8](repeating: 0, count: 8)
            for j in 0..<8 { (scales[j], mins[j]) = KQuant.scaleMin(j, x + scalesOffset) }

            var sumi: Int32 = 0
            for j in 0..<16 {
                let bsum = y.loadUnaligned(fromByteOffset: Q8_KActivation.bsumsOffset + 2 * j, as: Int16.self)
                sumi += Int32(bsum) * Int32(mins[j / 2])
            }
            for l in 0..<8 { aux32[l] = 0 }
            var a = 0
            for j in 0..<8 {
                let scale = Int32(scales[j])
                for _ in 0..<4 {
                    for l in 0..<8 { aux32[l] += scale * (Int32(q8[a + l]) * Int32(aux8[a + l])) }
                    a += 8
                }
            }
            let d = KQuant.half(x, 0) * Q8_KActivation.scale(y)
            for l in 0..<8 { sums[l] += d * Float(aux32[l]) }
            let dmin = KQuant.half(x, 2) * Q8_KActivation.scale(y)
            sumf -= dmin * Float(sumi)
        }
        for l in 0..<8 { sumf += sums[l] }
        return sumf
    }

    // MARK: - SIMD

    /// Dequantizes with 8-lane vectors; identical to `dequantizeReference` bit for bit.
    package static func dequantize(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        precondition(count % KQuant.blockSize == 0, "Q4_K rows hold whole blocks of 256 weights")
        for i in 0..<(count / KQuant.blockSize) {
            let x = src + i * blockBytes
            let y = dst + i * KQuant.blockSize
            let d = KQuant.half(x, 0)
            let dmin = KQuant.half(x, 2)
            let (scales, mins) = KQuant.unpackScaleMin(x + scalesOffset)
            let ds = KQuant.float(scales) * d  // per sub-block d·sc
            let ms = KQuant.float(mins) * dmin  // per sub-block dmin·m
            for c in 0..<4 {
                let d1 = SIMD8<Float>(repeating: ds[2 * c]), m1 = SIMD8<Float>(repeating: ms[2 * c])
                let d2 = SIMD8<Float>(repeating: ds[2 * c + 1]), m2 = SIMD8<Float>(repeating: ms[2 * c + 1])
                for g in 0..<4 {
                    let b = KQuant.u8x8(x, qsOffset + 32 * c + 8 * g)
                    KQuant.store(d1 * KQuant.float(b & 0xF) - m1, y, 64 * c + 8 * g)
                    KQuant.store(d2 * KQuant.float(b &>> 4) - m2, y, 64 * c + 32 + 8 * g)
                }
            }
        }
    }

    /// Σ w·a: the AVX2 kernel on x86-64, the portable `dotPortable` elsewhere.
    package static func dot(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        precondition(count % KQuant.blockSize == 0, "Q4_K rows hold whole blocks of 256 weights")
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        return dotAVX2(weights, activations, count)
        #else
        return dotPortable(weights, activations, count)
        #endif
    }

    /// Σ w·a with Swift SIMD: integer products in 8 Int32 lanes, scales and mins applied once
    /// per sub-block.
    package static func dotPortable(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        var sumf: Float = 0
        for i in 0..<(count / KQuant.blockSize) {
            let x = weights + i * blockBytes
            let y = activations + i * Q8_KActivation.blockBytes
            let (scales, mins) = KQuant.unpackScaleMin(x + scalesOffset)
            let q8 = y + Q8_KActivation.qsOffset
            var acc = SIMD8<Int32>()
            for c in 0..<4 {
                var lo = SIMD8<Int32>(), hi = SIMD8<Int32>()
                for g in 0..<4 {
                    let b = KQuant.u8x8(x, qsOffset + 32 * c + 8 * g)
                    lo &+= (b & 0xF) &* KQuant.i8x8(q8, 64 * c + 8 * g)
                    hi &+= (b &>> 4) &* KQuant.i8x8(q8, 64 * c + 32 + 8 * g)
                }
                acc &+= lo &* scales[2 * c] &+ hi &* scales[2 * c + 1]
            }
            // bsums as 8 Int32 lanes, each holding two Int16 sums: lane k = bsums[2k] + bsums[2k+1].
            let pairs = y.loadUnaligned(fromByteOffset: Q8_KActivation.bsumsOffset, as: SIMD8<Int32>.self)
            let bsum = ((pairs &<< 16) &>> 16) &+ (pairs &>> 16)
            let summs = (mins &* bsum).wrappedSum()
            let dy = Q8_KActivation.scale(y)
            sumf += KQuant.half(x, 0) * dy * Float(acc.wrappedSum()) - KQuant.half(x, 2) * dy * Float(summs)
        }
        return sumf
    }
}
