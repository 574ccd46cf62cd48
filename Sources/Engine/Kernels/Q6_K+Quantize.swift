/// Reference Q6_K quantization (`quantize_row_q6_K_ref` in ggml-quants.c, no importance matrix).
extension Q6_KKernel {
    /// dst = `count` floats of `x` as Q6_K blocks (`count` a multiple of 256; dst holds
    /// `count / 256 · 210` bytes).
    ///
    /// Each sub-block of 16 gets a symmetric 6-bit fit (`make_qx_quants`, x²-weighted); the
    /// sixteen scales are quantized to int8 against the one of largest magnitude, and the
    /// weights re-quantized with the rounded scales.
    package static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int) {
        precondition(count % KQuant.blockSize == 0, "Q6_K rows hold whole blocks of 256 weights")
        let L = UnsafeMutablePointer<Int8>.allocate(capacity: KQuant.blockSize)
        let scales = UnsafeMutablePointer<Float>.allocate(capacity: 16)
        defer {
            scales.deallocate()
            L.deallocate()
        }
        for i in 0..<(count / KQuant.blockSize) {
            let xb = x + i * KQuant.blockSize
            let y = dst + i * blockBytes
            var maxScale: Float = 0
            var maxAbsScale: Float = 0
            for ib in 0..<16 {
                let scale = KQuant.makeQXQuants(16, 32, xb + 16 * ib, L + 16 * ib)
                scales[ib] = scale
                if abs(scale) > maxAbsScale {
                    maxAbsScale = abs(scale)
                    maxScale = scale
                }
            }
            if maxAbsScale < KQuant.groupMaxEps {
                y.initializeMemory(as: UInt8.self, repeating: 0, count: blockBytes)
                continue
            }
            let iscale = -128 / maxScale
            KQuant.storeHalf(1 / iscale, y, dOffset)
            let sc = (y + scalesOffset).assumingMemoryBound(to: Int8.self)
            for ib in 0..<16 {
                sc[ib] = Int8(truncatingIfNeeded: Swift.min(127, KQuant.nearestInt(iscale * scales[ib])))
            }
            let dAll = KQuant.half(y, dOffset)
            for j in 0..<16 {
                let d = dAll * Float(sc[j])
                if d == 0 { continue }
                for ii in 0..<16 {
                    let l = KQuant.nearestInt(xb[16 * j + ii] / d)
                    L[16 * j + ii] = Int8(Swift.max(-32, Swift.min(31, l)) + 32)
                }
            }
            let ql = y.assumingMemoryBound(to: UInt8.self)
            let qh = (y + qhOffset).assumingMemoryBound(to: UInt8.self)
            for half in 0..<2 {
                let o = 128 * half
                for l in 0..<32 {
                    let q1 = UInt8(L[o + l]), q2 = UInt8(L[o + l + 32])
                    let q3 = UInt8(L[o + l + 64]), q4 = UInt8(L[o + l + 96])
                    ql[64 * half + l] = (q1 & 0xF) | ((q3 & 0xF) << 4)
                    ql[64 * half + l + 32] = (q2 & 0xF) | ((q4 & 0xF) << 4)
                    qh[32 * half + l] = (q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6)
                }
            }
        }
    }
}
