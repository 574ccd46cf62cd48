/// Reference Q3_K quantization (`quantize_row_q3_K_ref` in ggml-quants.c, no importance matrix).
extension Q3_KKernel {
    /// dst = `count` floats of `x` as Q3_K blocks (`count` a multiple of 256; dst holds
    /// `count / 256 · 110` bytes).
    ///
    /// Each sub-block of 16 gets a symmetric 3-bit fit (`make_q3_quants`); the sixteen scales are
    /// quantized to 6 bits against the one of largest magnitude, and the weights re-quantized
    /// with the rounded scales.
    package static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int) {
        precondition(count % KQuant.blockSize == 0, "Q3_K rows hold whole blocks of 256 weights")
        let L = UnsafeMutablePointer<Int8>.allocate(capacity: KQuant.blockSize)
        defer { L.deallocate() }
        var scales = [Float](repeating: 0, count: 16)
        for i in 0..<(count / KQuant.blockSize) {
            let xb = x + i * KQuant.blockSize
            let y = dst + i * blockBytes
            let sc = (y + scalesOffset).assumingMemoryBound(to: UInt8.self)
            var maxScale: Float = 0
            var amax: Float = 0
            for j in 0..<16 {
                scales[j] = KQuant.makeQ3Quants(16, 4, xb + 16 * j, L + 16 * j)
                if abs(scales[j]) > amax {
                    amax = abs(scales[j])
                    maxScale = scales[j]
                }
            }
            for j in 0..<12 { sc[j] = 0 }
            if maxScale != 0 {
                let iscale = -32 / maxScale
                for j in 0..<16 {
                    var l = Int8(truncatingIfNeeded: KQuant.nearestInt(iscale * scales[j]))
                    l = Swift.max(-32, Swift.min(31, l)) + 32
                    let lb = UInt8(l)
                    if j < 8 {
                        sc[j] = lb & 0xF
                    } else {
                        sc[j - 8] |= (lb & 0xF) << 4
                    }
                    sc[j % 4 + 8] |= (lb >> 4) << (2 * (j / 4))
                }
                KQuant.storeHalf(1 / iscale, y, dOffset)
            } else {
                KQuant.storeHalf(0, y, dOffset)
            }
            let dAll = KQuant.half(y, dOffset)
            for j in 0..<16 {
                let low = j < 8 ? sc[j] & 0xF : sc[j - 8] >> 4
                let s = Int32(low | (((sc[8 + j % 4] >> (2 * (j / 4))) & 3) << 4)) - 32
                let d = dAll * Float(s)
                if d == 0 { continue }
                for ii in 0..<16 {
                    let l = KQuant.nearestInt(xb[16 * j + ii] / d)
                    L[16 * j + ii] = Int8(Swift.max(-4, Swift.min(3, l)) + 4)
                }
            }
            // High bits: bit b of hmask[m] for weight 32b + m; the quants keep the low 2 bits.
            let hmask = y.assumingMemoryBound(to: UInt8.self)
            for j in 0..<32 { hmask[j] = 0 }
            for j in 0..<KQuant.blockSize where L[j] > 3 {
                hmask[j % 32] |= UInt8(1) << (j / 32)
                L[j] -= 4
            }
            let q = (y + qsOffset).assumingMemoryBound(to: UInt8.self)
            for part in 0..<2 {
                let o = 128 * part
                for l in 0..<32 {
                    q[32 * part + l] = UInt8(L[o + l]) | (UInt8(L[o + l + 32]) << 2)
                        | (UInt8(L[o + l + 64]) << 4) | (UInt8(L[o + l + 96]) << 6)
                }
            }
        }
    }
}
