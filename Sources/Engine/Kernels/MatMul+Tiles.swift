/// The register tiles of the integer matmul, generic over the block kernel.
///
/// Activation scales come from `ActivationScales` (f32, block-major) rather than the f16 fields of
/// the blocks: the values are identical, but no conversion or gather is left in the inner loops.
extension BlockDotKernel {
    /// The `MatMul` task: 4 rows × 1 token tiles for a single token, else 2 rows × 4 tokens.
    static func multiplyTask(_ w: WeightMatrix, _ rows: Range<Int>, _ tokens: Range<Int>,
                             _ a: UnsafeRawPointer, _ aRowBytes: Int, _ scales: ActivationScales,
                             _ out: UnsafeMutablePointer<Float>) {
        if tokens.count == 1 {
            decodeRows(w, rows, tokens.lowerBound, a, aRowBytes, scales, out)
        } else {
            prefillTile(w, rows, tokens, a, aRowBytes, scales, out)
        }
    }

    /// out[t·w.rows + r] = row r · token t for r in `rows`, 4 rows per pass sharing each activation block.
    @inline(__always)
    static func decodeRows(_ w: WeightMatrix, _ rows: Range<Int>, _ t: Int, _ a: UnsafeRawPointer, _ aRowBytes: Int,
                           _ scales: ActivationScales, _ out: UnsafeMutablePointer<Float>) {
        let at = a + t * aRowBytes, outT = out + t * w.rows
        var r = rows.lowerBound
        while r + 4 <= rows.upperBound {
            let sums = tile4x1(w.row(r), w.rowBytes, at, scales.d + t, scales.s + t, scales.stride, w.cols / 32)
            UnsafeMutableRawPointer(outT + r).storeBytes(of: sums, as: SIMD4<Float>.self)
            r += 4
        }
        while r < rows.upperBound {
            outT[r] = dot(w.row(r), at, w.cols)
            r += 1
        }
    }

    /// out[t·rows + r] for r in `rows`, t in `tokens`: 2 rows × 4 tokens per register tile.
    @inline(__always)
    static func prefillTile(_ w: WeightMatrix, _ rows: Range<Int>, _ tokens: Range<Int>, _ a: UnsafeRawPointer,
                            _ aRowBytes: Int, _ scales: ActivationScales, _ out: UnsafeMutablePointer<Float>) {
        let total = w.rows, blocks = w.cols / 32
        var r = rows.lowerBound
        while r + 2 <= rows.upperBound {
            var t = tokens.lowerBound
            while t + 4 <= tokens.upperBound {
                let sums = tile2x4(w.row(r), w.rowBytes, a + t * aRowBytes, aRowBytes,
                                   scales.d + t, scales.s + t, scales.stride, blocks)
                for k in 0..<4 {
                    out[(t + k) * total + r] = sums[k]
                    out[(t + k) * total + r + 1] = sums[k + 4]
                }
                t += 4
            }
            while t < tokens.upperBound {
                out[t * total + r] = dot(w.row(r), a + t * aRowBytes, w.cols)
                out[t * total + r + 1] = dot(w.row(r + 1), a + t * aRowBytes, w.cols)
                t += 1
            }
            r += 2
        }
        if r < rows.upperBound {
            for t in tokens { out[t * total + r] = dot(w.row(r), a + t * aRowBytes, w.cols) }
        }
    }

    /// Dots of 4 consecutive rows (`w`, stride `wStride`) with one activation row `a` whose block
    /// scales are d[b·stride], s[b·stride], over `blocks` blocks.
    @inline(__always)
    static func tile4x1(_ w: UnsafeRawPointer, _ wStride: Int, _ a: UnsafeRawPointer,
                        _ d: UnsafePointer<Float>, _ s: UnsafePointer<Float>, _ stride: Int,
                        _ blocks: Int) -> SIMD4<Float> {
        let wBytes = type.blockBytes, aBytes = activationBlockBytes, qOffset = activationQuantOffset
        var c0 = SIMD8<Float>(), c1 = SIMD8<Float>(), c2 = SIMD8<Float>(), c3 = SIMD8<Float>()
        var mins = SIMD4<Float>()
        for b in 0..<blocks {
            let y = a.loadUnaligned(fromByteOffset: b * aBytes + qOffset, as: SIMD32<Int8>.self)
            let da = d[b * stride]
            let wb = w + b * wBytes
            let (q0, d0, m0) = unpack(wb)
            let (q1, d1, m1) = unpack(wb + wStride)
            let (q2, d2, m2) = unpack(wb + 2 * wStride)
            let (q3, d3, m3) = unpack(wb + 3 * wStride)
            c0.addProduct(SIMD8<Float>(blockSum(q0, y)), SIMD8<Float>(repeating: d0 * da))
            c1.addProduct(SIMD8<Float>(blockSum(q1, y)), SIMD8<Float>(repeating: d1 * da))
            c2.addProduct(SIMD8<Float>(blockSum(q2, y)), SIMD8<Float>(repeating: d2 * da))
            c3.addProduct(SIMD8<Float>(blockSum(q3, y)), SIMD8<Float>(repeating: d3 * da))
            if case .affine = form {
                mins.addProduct(SIMD4<Float>(m0, m1, m2, m3), SIMD4<Float>(repeating: s[b * stride]))
            }
        }
        return SIMD4<Float>(c0.treeSum, c1.treeSum, c2.treeSum, c3.treeSum) + mins
    }

    /// Dots of 2 consecutive rows with 4 consecutive activation rows (stride `aStride`, block scales
    /// d[b·stride + k], s[b·stride + k] for token k): lanes 0..3 row 0 · tokens 0..3, lanes 4..7 row 1.
    @inline(__always)
    static func tile2x4(_ w: UnsafeRawPointer, _ wStride: Int, _ a: UnsafeRawPointer, _ aStride: Int,
                        _ d: UnsafePointer<Float>, _ s: UnsafePointer<Float>, _ stride: Int,
                        _ blocks: Int) -> SIMD8<Float> {
        let wBytes = type.blockBytes, aBytes = activationBlockBytes, qOffset = activationQuantOffset
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c02 = SIMD8<Float>(), c03 = SIMD8<Float>()
        var c10 = SIMD8<Float>(), c11 = SIMD8<Float>(), c12 = SIMD8<Float>(), c13 = SIMD8<Float>()
        var mins = SIMD8<Float>()
        for b in 0..<blocks {
            let wb = w + b * wBytes
            let (q0, d0, m0) = unpack(wb)
            let (q1, d1, m1) = unpack(wb + wStride)
            // dd = (d0·da[0..3], d1·da[0..3]): the 8 combined scales of this block.
            let da = UnsafeRawPointer(d + b * stride).loadUnaligned(as: SIMD4<Float>.self)
            let dd = SIMD8<Float>(lowHalf: da, highHalf: da)
                * SIMD8<Float>(lowHalf: SIMD4(repeating: d0), highHalf: SIMD4(repeating: d1))
            let a0 = a + b * aBytes + qOffset
            let y0 = a0.loadUnaligned(as: SIMD32<Int8>.self)
            c00.addProduct(SIMD8<Float>(blockSum(q0, y0)), SIMD8<Float>(repeating: dd[0]))
            c10.addProduct(SIMD8<Float>(blockSum(q1, y0)), SIMD8<Float>(repeating: dd[4]))
            let y1 = a0.loadUnaligned(fromByteOffset: aStride, as: SIMD32<Int8>.self)
            c01.addProduct(SIMD8<Float>(blockSum(q0, y1)), SIMD8<Float>(repeating: dd[1]))
            c11.addProduct(SIMD8<Float>(blockSum(q1, y1)), SIMD8<Float>(repeating: dd[5]))
            let y2 = a0.loadUnaligned(fromByteOffset: 2 * aStride, as: SIMD32<Int8>.self)
            c02.addProduct(SIMD8<Float>(blockSum(q0, y2)), SIMD8<Float>(repeating: dd[2]))
            c12.addProduct(SIMD8<Float>(blockSum(q1, y2)), SIMD8<Float>(repeating: dd[6]))
            let y3 = a0.loadUnaligned(fromByteOffset: 3 * aStride, as: SIMD32<Int8>.self)
            c03.addProduct(SIMD8<Float>(blockSum(q0, y3)), SIMD8<Float>(repeating: dd[3]))
            c13.addProduct(SIMD8<Float>(blockSum(q1, y3)), SIMD8<Float>(repeating: dd[7]))
            if case .affine = form {
                let sa = UnsafeRawPointer(s + b * stride).loadUnaligned(as: SIMD4<Float>.self)
                mins.addProduct(SIMD8<Float>(lowHalf: sa, highHalf: sa),
                                SIMD8<Float>(lowHalf: SIMD4(repeating: m0), highHalf: SIMD4(repeating: m1)))
            }
        }
        let row0 = SIMD4<Float>(c00.treeSum, c01.treeSum, c02.treeSum, c03.treeSum)
        let row1 = SIMD4<Float>(c10.treeSum, c11.treeSum, c12.treeSum, c13.treeSum)
        return SIMD8<Float>(lowHalf: row0, highHalf: row1) + mins
    }
}
