/// The register tiles of the integer matmul, generic over the block kernel.
extension BlockDotKernel {
    /// The `MatMul` task: 4 rows × 1 token tiles for a single token, else 2 rows × 4 tokens.
    static func multiplyTask(_ w: WeightMatrix, _ rows: Range<Int>, _ tokens: Range<Int>,
                             _ a: UnsafeRawPointer, _ aRowBytes: Int, _ out: UnsafeMutablePointer<Float>) {
        if tokens.count == 1 {
            let t = tokens.lowerBound
            decodeRows(w, rows, a + t * aRowBytes, out + t * w.rows)
        } else {
            prefillTile(w, rows, tokens, a, aRowBytes, out)
        }
    }

    /// out[r] = row r · a for r in `rows` (one token), 4 rows per pass sharing each activation block.
    @inline(__always)
    static func decodeRows(_ w: WeightMatrix, _ rows: Range<Int>, _ a: UnsafeRawPointer,
                           _ out: UnsafeMutablePointer<Float>) {
        var r = rows.lowerBound
        while r + 4 <= rows.upperBound {
            let sums = tile4x1(w.row(r), w.rowBytes, a, w.cols / 32)
            UnsafeMutableRawPointer(out + r).storeBytes(of: sums, as: SIMD4<Float>.self)
            r += 4
        }
        while r < rows.upperBound {
            out[r] = dot(w.row(r), a, w.cols)
            r += 1
        }
    }

    /// out[t·rows + r] for r in `rows`, t in `tokens`: 2 rows × 4 tokens per register tile.
    @inline(__always)
    static func prefillTile(_ w: WeightMatrix, _ rows: Range<Int>, _ tokens: Range<Int>, _ a: UnsafeRawPointer,
                            _ aRowBytes: Int, _ out: UnsafeMutablePointer<Float>) {
        let total = w.rows, blocks = w.cols / 32
        var r = rows.lowerBound
        while r + 2 <= rows.upperBound {
            var t = tokens.lowerBound
            while t + 4 <= tokens.upperBound {
                let (s0, s1) = tile2x4(w.row(r), w.rowBytes, a + t * aRowBytes, aRowBytes, blocks)
                for k in 0..<4 {
                    out[(t + k) * total + r] = s0[k]
                    out[(t + k) * total + r + 1] = s1[k]
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

    /// Dots of 4 consecutive rows (`w`, stride `wStride`) with one activation row, over `blocks` blocks.
    @inline(__always)
    static func tile4x1(_ w: UnsafeRawPointer, _ wStride: Int, _ a: UnsafeRawPointer, _ blocks: Int) -> SIMD4<Float> {
        let wBytes = type.blockBytes, aBytes = activationBlockBytes, qOffset = activationQuantOffset
        var c0 = SIMD8<Float>(), c1 = SIMD8<Float>(), c2 = SIMD8<Float>(), c3 = SIMD8<Float>()
        var mins = SIMD4<Float>()
        for b in 0..<blocks {
            let ab = a + b * aBytes
            let y = ab.loadUnaligned(fromByteOffset: qOffset, as: SIMD32<Int8>.self)
            let da = Half.load(ab, 0)
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
                mins.addProduct(SIMD4<Float>(m0, m1, m2, m3), SIMD4<Float>(repeating: Half.load(ab, 2)))
            }
        }
        return SIMD4<Float>(c0.treeSum, c1.treeSum, c2.treeSum, c3.treeSum) + mins
    }

    /// Dots of 2 consecutive rows with 4 consecutive activation rows (stride `aStride`):
    /// (row 0 · tokens 0..3, row 1 · tokens 0..3).
    @inline(__always)
    static func tile2x4(_ w: UnsafeRawPointer, _ wStride: Int, _ a: UnsafeRawPointer, _ aStride: Int,
                        _ blocks: Int) -> (SIMD4<Float>, SIMD4<Float>) {
        let wBytes = type.blockBytes, aBytes = activationBlockBytes, qOffset = activationQuantOffset
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c02 = SIMD8<Float>(), c03 = SIMD8<Float>()
        var c10 = SIMD8<Float>(), c11 = SIMD8<Float>(), c12 = SIMD8<Float>(), c13 = SIMD8<Float>()
        var mins0 = SIMD4<Float>(), mins1 = SIMD4<Float>()
        for b in 0..<blocks {
            let wb = w + b * wBytes
            let (q0, d0, m0) = unpack(wb)
            let (q1, d1, m1) = unpack(wb + wStride)
            let a0 = a + b * aBytes, a1 = a0 + aStride, a2 = a1 + aStride, a3 = a2 + aStride
            let da = SIMD4<Float>(SIMD4<Float16>(
                a0.loadUnaligned(as: Float16.self), a1.loadUnaligned(as: Float16.self),
                a2.loadUnaligned(as: Float16.self), a3.loadUnaligned(as: Float16.self)))
            let dd0 = da * d0, dd1 = da * d1
            let y0 = a0.loadUnaligned(fromByteOffset: qOffset, as: SIMD32<Int8>.self)
            c00.addProduct(SIMD8<Float>(blockSum(q0, y0)), SIMD8<Float>(repeating: dd0[0]))
            c10.addProduct(SIMD8<Float>(blockSum(q1, y0)), SIMD8<Float>(repeating: dd1[0]))
            let y1 = a1.loadUnaligned(fromByteOffset: qOffset, as: SIMD32<Int8>.self)
            c01.addProduct(SIMD8<Float>(blockSum(q0, y1)), SIMD8<Float>(repeating: dd0[1]))
            c11.addProduct(SIMD8<Float>(blockSum(q1, y1)), SIMD8<Float>(repeating: dd1[1]))
            let y2 = a2.loadUnaligned(fromByteOffset: qOffset, as: SIMD32<Int8>.self)
            c02.addProduct(SIMD8<Float>(blockSum(q0, y2)), SIMD8<Float>(repeating: dd0[2]))
            c12.addProduct(SIMD8<Float>(blockSum(q1, y2)), SIMD8<Float>(repeating: dd1[2]))
            let y3 = a3.loadUnaligned(fromByteOffset: qOffset, as: SIMD32<Int8>.self)
            c03.addProduct(SIMD8<Float>(blockSum(q0, y3)), SIMD8<Float>(repeating: dd0[3]))
            c13.addProduct(SIMD8<Float>(blockSum(q1, y3)), SIMD8<Float>(repeating: dd1[3]))
            if case .affine = form {
                let s = SIMD4<Float>(SIMD4<Float16>(
                    a0.loadUnaligned(fromByteOffset: 2, as: Float16.self), a1.loadUnaligned(fromByteOffset: 2, as: Float16.self),
                    a2.loadUnaligned(fromByteOffset: 2, as: Float16.self), a3.loadUnaligned(fromByteOffset: 2, as: Float16.self)))
                mins0.addProduct(s, SIMD4<Float>(repeating: m0))
                mins1.addProduct(s, SIMD4<Float>(repeating: m1))
            }
        }
        return (SIMD4<Float>(c00.treeSum, c01.treeSum, c02.treeSum, c03.treeSum) + mins0,
                SIMD4<Float>(c10.treeSum, c11.treeSum, c12.treeSum, c13.treeSum) + mins1)
    }
}
