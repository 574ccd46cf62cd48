#if canImport(Glibc)
import Glibc  // links libm, which Float.squareRoot may call
#endif

/// Reference Q5_K quantization (`quantize_row_q5_K_ref` in ggml-quants.c, no importance matrix).
extension Q5_KKernel {
    /// dst = `count` floats of `x` as Q5_K blocks (`count` a multiple of 256; dst holds
    /// `count / 256 · 176` bytes).
    ///
    /// As Q4_K with 5-bit levels: `make_qkx2_quants(32, 31, …, -0.5, 0.1, 15)` per sub-block,
    /// 6-bit scales and mins, then re-quantization with the rounded scales.
    package static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int) {
        precondition(count % KQuant.blockSize == 0, "Q5_K rows hold whole blocks of 256 weights")
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
                let fit = KQuant.makeQKX2Quants(32, 31, xs, weights, L + 32 * j, laux,
                                                rmin: -0.5, rdelta: 0.1, nstep: 15, useMad: false)
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
                    L[32 * j + ii] = UInt8(Swift.max(0, Swift.min(31, l)))
                }
            }
            let qh = (y + qhOffset).assumingMemoryBound(to: UInt8.self)
            let ql = (y + qsOffset).assumingMemoryBound(to: UInt8.self)
            for j in 0..<32 { qh[j] = 0 }
            var m1: UInt8 = 1, m2: UInt8 = 2
            for c in 0..<4 {
                for j in 0..<32 {
                    var l1 = L[64 * c + j]
                    if l1 > 15 {
                        l1 -= 16
                        qh[j] |= m1
                    }
                    var l2 = L[64 * c + j + 32]
                    if l2 > 15 {
                        l2 -= 16
                        qh[j] |= m2
                    }
                    ql[32 * c + j] = l1 | (l2 << 4)
                }
                m1 <<= 2
                m2 <<= 2
            }
        }
    }
}
