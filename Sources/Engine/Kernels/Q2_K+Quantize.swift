/// Reference Q2_K quantization (`quantize_row_q2_K_ref` in ggml-quants.c, no importance matrix).
extension Q2_KKernel {
    /// dst = `count` floats of `x` as Q2_K blocks (`count` a multiple of 256; dst holds
    /// `count / 256 · 84` bytes).
    ///
    /// Each sub-block of 16 gets an asymmetric 2-bit fit (`make_qkx2_quants`, |x|-weighted,
    /// mean absolute error); scales and mins are quantized to 4 bits against the largest of
    /// each, and the weights re-quantized with the rounded scales.
    package static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int) {
        precondition(count % KQuant.blockSize == 0, "Q2_K rows hold whole blocks of 256 weights")
        let L = UnsafeMutablePointer<UInt8>.allocate(capacity: KQuant.blockSize)
        let laux = UnsafeMutablePointer<UInt8>.allocate(capacity: 16)
        let weights = UnsafeMutablePointer<Float>.allocate(capacity: 16)
        defer {
            weights.deallocate()
            laux.deallocate()
            L.deallocate()
        }
        let q4scale: Float = 15
        var mins = [Float](repeating: 0, count: 16)
        var scales = [Float](repeating: 0, count: 16)
        for i in 0..<(count / KQuant.blockSize) {
            let xb = x + i * KQuant.blockSize
            let y = dst + i * blockBytes
            let sc = y.assumingMemoryBound(to: UInt8.self)
            var maxScale: Float = 0
            var maxMin: Float = 0
            for j in 0..<16 {
                for l in 0..<16 { weights[l] = abs(xb[16 * j + l]) }
                let fit = KQuant.makeQKX2Quants(16, 3, xb + 16 * j, weights, L + 16 * j, laux,
                                                rmin: -0.5, rdelta: 0.1, nstep: 15, useMad: true)
                scales[j] = fit.scale
                mins[j] = fit.min
                if fit.scale > maxScale { maxScale = fit.scale }
                if fit.min > maxMin { maxMin = fit.min }
            }
            if maxScale > 0 {
                let iscale = q4scale / maxScale
                for j in 0..<16 { sc[j] = UInt8(truncatingIfNeeded: KQuant.nearestInt(iscale * scales[j])) }
                KQuant.storeHalf(maxScale / q4scale, y, dOffset)
            } else {
                for j in 0..<16 { sc[j] = 0 }
                KQuant.storeHalf(0, y, dOffset)
            }
            if maxMin > 0 {
                let iscale = q4scale / maxMin
                for j in 0..<16 { sc[j] |= UInt8(truncatingIfNeeded: KQuant.nearestInt(iscale * mins[j]) << 4) }
                KQuant.storeHalf(maxMin / q4scale, y, dminOffset)
            } else {
                KQuant.storeHalf(0, y, dminOffset)
            }
            let dAll = KQuant.half(y, dOffset)
            let mAll = KQuant.half(y, dminOffset)
            for j in 0..<16 {
                let d = dAll * Float(sc[j] & 0xF)
                if d == 0 { continue }
                let dm = mAll * Float(sc[j] >> 4)
                for ii in 0..<16 {
                    let l = KQuant.nearestInt((xb[16 * j + ii] + dm) / d)
                    L[16 * j + ii] = UInt8(Swift.max(0, Swift.min(3, l)))
                }
            }
            let q = (y + qsOffset).assumingMemoryBound(to: UInt8.self)
            for part in 0..<2 {
                let o = 128 * part
                for l in 0..<32 {
                    q[32 * part + l] = L[o + l] | (L[o + l + 32] << 2) | (L[o + l + 64] << 4) | (L[o + l + 96] << 6)
                }
            }
        }
    }
}
