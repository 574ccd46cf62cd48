#if canImport(Glibc)
import Glibc  // links libm, which Float.squareRoot may call
#endif

/// Reference Q4_K quantization (`quantize_row_q4_K_ref` in ggml-quants.c, no importance matrix).
extension Q4_KKernel {
    /// dst = `count` floats of `x` as Q4_K blocks (`count` a multiple of 256; dst holds
    /// `count / 256 · 144` bytes).
    ///
    /// Each sub-block of 32 gets an asymmetric 4-bit fit (`make_qkx2_quants`, weights
    /// `rms(sub-block) + |x|`); the eight scales and mins are then quantized to 6 bits against the
    /// largest of each, and the weights re-quantized with the rounded scales.
    package static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int) {
        precondition(count % KQuant.blockSize == 0, "Q4_K rows hold whole blocks of 256 weights")
        let L = UnsafeMutablePointer<UInt8>.allocate(capacity: KQuant.blockSize)
        let laux = UnsafeMutablePointer<UInt8>.allocate(capacity: 32)
        let weights = UnsafeMutablePointer<Float>.allocate(capacity: 32)
        defer {
            weights.deallocate()
            laux.deallocate()
            L.deallocate()
        }
        var mins = [Float](repeating: 0, count: 8)
        var scales = [Float](repeating: 0, count: 8)
        for i in 0..<(count / KQuant.blockSize) {
            let xb = x + i * KQuant.blockSize
            let y = dst + i * blockBytes
            var maxScale: Float = 0
            var maxMin: Float = 0
            for j in 0..<8 {
                let xs = xb + 32 * j
                var sumX2: Float = 0
                for l in 0..<32 { sumX2 += xs[l] * xs[l] }
                let avX = (sumX2 / 32).squareRoot()
                for l in 0..<32 { weights[l] = avX + abs(xs[l]) }
                let fit = KQuant.makeQKX2Quants(32, 15, xs, weights, L + 32 * j, laux,
                                                rmin: -1, rdelta: 0.1, nstep: 20, useMad: false)
                scales[j] = fit.scale
                mins[j] = fit.min
                if fit.scale > maxScale { maxScale = fit.scale }
                if fit.min > maxMin { maxMin = fit.min }
            }
            let invScale: Float = maxScale > 0 ? 63 / maxScale : 0
            let invMin: Float = maxMin > 0 ? 63 / maxMin : 0
            var ls = [UInt8](repeating: 0, count: 8)
            var lm = [UInt8](repeating: 0, count: 8)
            for j in 0..<8 {
                ls[j] = Swift.min(63, UInt8(truncatingIfNeeded: KQuant.nearestInt(invScale * scales[j])))
                lm[j] = Swift.min(63, UInt8(truncatingIfNeeded: KQuant.nearestInt(invMin * mins[j])))
            }
            KQuant.packScaleMin(scales: ls, mins: lm, y + scalesOffset)
            KQuant.storeHalf(maxScale / 63, y, 0)
            KQuant.storeHalf(maxMin / 63, y, 2)

            let dAll = KQuant.half(y, 0)
            let mAll = KQuant.half(y, 2)
            for j in 0..<8 {
                let (sc, m) = KQuant.scaleMin(j, y + scalesOffset)
                let d = dAll * Float(sc)
                if d == 0 { continue }
                let dm = mAll * Float(m)
                for ii in 0..<32 {
                    let l = KQuant.nearestInt((xb[32 * j + ii] + dm) / d)
                    L[32 * j + ii] = UInt8(Swift.max(0, Swift.min(15, l)))
                }
            }
            let q = (y + qsOffset).assumingMemoryBound(to: UInt8.self)
            for c in 0..<4 {
                for l in 0..<32 { q[32 * c + l] = L[64 * c + l] | (L[64 * c + 32 + l] << 4) }
            }
        }
    }
}
