/// The `MatMul` task of F16 weights for several tokens: 3 rows × 4 tokens register tiles, so each
/// 8-weight step is converted to f32 once and used for 4 tokens (the plain `dot` converts it
/// once per token). Sums are in a different order than `dot`, within the same f32 rounding.
extension F16Kernel {
    /// Weight bytes of one row panel: a panel stays in L2 while every 4-token group passes over it.
    static var panelBytes: Int { 96 << 10 }

    /// out[t·w.rows + r] = row r · token t for r in `rows`, t in `tokens` (f32 activations,
    /// `aRowBytes` apart). Fewer than 4 tokens, and leftover rows and tokens, take `dot`.
    static func multiplyTask(_ w: WeightMatrix, _ rows: Range<Int>, _ tokens: Range<Int>,
                             _ a: UnsafeRawPointer, _ aRowBytes: Int, _ scales: ActivationScales,
                             _ out: UnsafeMutablePointer<Float>) {
        let total = w.rows, cols = w.cols
        let panel = Swift.max(3, panelBytes / Swift.max(1, w.rowBytes) / 3 * 3)
        var p = rows.lowerBound
        while p < rows.upperBound {
            let panelEnd = Swift.min(rows.upperBound, p + panel)
            var t = tokens.lowerBound
            while t + 4 <= tokens.upperBound {
                let at = a + t * aRowBytes
                var r = p
                while r + 3 <= panelEnd {
                    let (s0, s1, s2) = tile3x4(w.row(r), w.rowBytes, at, aRowBytes, cols)
                    for k in 0..<4 {
                        let o = out + (t + k) * total + r
                        o[0] = s0[k]
                        o[1] = s1[k]
                        o[2] = s2[k]
                    }
                    r += 3
                }
                while r < panelEnd {
                    for k in 0..<4 { out[(t + k) * total + r] = dot(w.row(r), at + k * aRowBytes, cols) }
                    r += 1
                }
                t += 4
            }
            while t < tokens.upperBound {
                for r in p..<panelEnd { out[t * total + r] = dot(w.row(r), a + t * aRowBytes, cols) }
                t += 1
            }
            p = panelEnd
        }
    }

    /// Dots of 3 consecutive weight rows (`wStride` bytes apart) with 4 activation rows
    /// (`aStride` bytes apart): lane k of result i = row i · token k.
    @inline(__always)
    static func tile3x4(_ w: UnsafeRawPointer, _ wStride: Int, _ a: UnsafeRawPointer, _ aStride: Int,
                        _ cols: Int) -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
        let w1 = w + wStride, w2 = w + 2 * wStride
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c02 = SIMD8<Float>(), c03 = SIMD8<Float>()
        var c10 = SIMD8<Float>(), c11 = SIMD8<Float>(), c12 = SIMD8<Float>(), c13 = SIMD8<Float>()
        var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c22 = SIMD8<Float>(), c23 = SIMD8<Float>()
        @inline(__always) func act(_ k: Int, _ i: Int) -> SIMD8<Float> {
            a.loadUnaligned(fromByteOffset: k * aStride + 4 * i, as: SIMD8<Float>.self)
        }
        var i = 0
        while i + 8 <= cols {
            let x0 = load8(w, i), x1 = load8(w1, i), x2 = load8(w2, i)
            let y0 = act(0, i)
            c00.addProduct(x0, y0); c10.addProduct(x1, y0); c20.addProduct(x2, y0)
            let y1 = act(1, i)
            c01.addProduct(x0, y1); c11.addProduct(x1, y1); c21.addProduct(x2, y1)
            let y2 = act(2, i)
            c02.addProduct(x0, y2); c12.addProduct(x1, y2); c22.addProduct(x2, y2)
            let y3 = act(3, i)
            c03.addProduct(x0, y3); c13.addProduct(x1, y3); c23.addProduct(x2, y3)
            i += 8
        }
        var s0 = reduce4(c00, c01, c02, c03), s1 = reduce4(c10, c11, c12, c13), s2 = reduce4(c20, c21, c22, c23)
        while i < cols {
            @inline(__always) func y1(_ k: Int) -> Float { a.loadUnaligned(fromByteOffset: k * aStride + 4 * i, as: Float.self) }
            let y = SIMD4<Float>(y1(0), y1(1), y1(2), y1(3))
            s0 += SIMD4<Float>(repeating: Half.load(w, 2 * i)) * y
            s1 += SIMD4<Float>(repeating: Half.load(w1, 2 * i)) * y
            s2 += SIMD4<Float>(repeating: Half.load(w2, 2 * i)) * y
            i += 1
        }
        return (s0, s1, s2)
    }

    /// (Σ a, Σ b, Σ c, Σ d): the horizontal sums of four accumulators.
    @inline(__always)
    static func reduce4(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>, _ d: SIMD8<Float>) -> SIMD4<Float> {
        let a4 = a.lowHalf + a.highHalf, b4 = b.lowHalf + b.highHalf
        let c4 = c.lowHalf + c.highHalf, d4 = d.lowHalf + d.highHalf
        // ab = (a0+a1, a2+a3, b0+b1, b2+b3), cd likewise.
        let ab = SIMD4(lowHalf: a4.evenHalf, highHalf: b4.evenHalf) + SIMD4(lowHalf: a4.oddHalf, highHalf: b4.oddHalf)
        let cd = SIMD4(lowHalf: c4.evenHalf, highHalf: d4.evenHalf) + SIMD4(lowHalf: c4.oddHalf, highHalf: d4.oddHalf)
        return SIMD4(lowHalf: ab.evenHalf, highHalf: cd.evenHalf) + SIMD4(lowHalf: ab.oddHalf, highHalf: cd.oddHalf)
    }
}
