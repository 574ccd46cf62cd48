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

    /// Whether the prefill loop unpacks a row panel once for all its token groups: yes unless the
    /// quants are stored as plain bytes (Q8_0), whose unpacking is a load.
    static var unpacksPanels: Bool {
        if case .signed = form { return false }
        return true
    }

    /// How many 4-row tiles ahead `tile4x1` prefetches.
    static var decodePrefetchTiles: Int { 2 }

    /// Weight bytes per row panel of the prefill loop: a panel stays in L2 while every 8-token
    /// group of the task passes over it.
    static var prefillPanelBytes: Int { 128 << 10 }

    /// out[t·rows + r] for r in `rows`, t in `tokens`: row panels of ≈ 128 KB (L2); within a panel,
    /// groups of 8 tokens, whose activations (≤ 14 KB for 1536 columns) stay in L1 while each row
    /// of the panel passes through a 1 row × 8 tokens register tile; the last tokens (< 8) take
    /// the 4-row decode tiles.
    ///
    /// What does not depend on both the row and the token is prepared once: per panel, the quants
    /// (unpacked once for all token groups when there are several) and d_w of its rows; per token
    /// group, its activation scales d_a and sums s gathered block-major ([blocks][8], contiguous)
    /// and, for `.offset` kernels, the bias products `vpmaddubsw(bias, y)`.
    @inline(__always)
    static func prefillTile(_ w: WeightMatrix, _ rows: Range<Int>, _ tokens: Range<Int>, _ a: UnsafeRawPointer,
                            _ aRowBytes: Int, _ scales: ActivationScales, _ out: UnsafeMutablePointer<Float>) {
        let total = w.rows, blocks = w.cols / 32, wBytes = type.blockBytes
        let panel = Swift.max(4, prefillPanelBytes / Swift.max(1, w.rowBytes))
        let aBytes = activationBlockBytes, qOffset = activationQuantOffset
        var biasByte: UInt8 = 0
        if case .offset(let b) = form { biasByte = b }
        let hasBias = biasByte != 0
        var affine = false
        if case .affine = form { affine = true }
        let unpackPanels = tokens.count >= 16 && unpacksPanels
        // Per token group: [blocks, 8] bias products (`.offset` only), d_a, s (`.affine` only),
        // and d_w·d_a of the current row.
        let bias = UnsafeMutablePointer<SIMD16<Int16>>.allocate(capacity: hasBias ? blocks * 8 : 1)
        let groupD = UnsafeMutablePointer<Float>.allocate(capacity: blocks * 8)
        let groupS = UnsafeMutablePointer<Float>.allocate(capacity: affine ? blocks * 8 : 1)
        let ds = UnsafeMutablePointer<Float>.allocate(capacity: blocks * 8)
        // Per panel: [panel rows, blocks] quants (when unpacked once) and d_w.
        let quants = UnsafeMutablePointer<SIMD32<UInt8>>.allocate(capacity: unpackPanels ? panel * blocks : 1)
        let dw = UnsafeMutablePointer<Float>.allocate(capacity: panel * blocks)
        defer {
            bias.deallocate()
            groupD.deallocate()
            groupS.deallocate()
            ds.deallocate()
            quants.deallocate()
            dw.deallocate()
        }
        var p = rows.lowerBound
        while p < rows.upperBound {
            let panelRows = p..<Swift.min(rows.upperBound, p + panel)
            for r in panelRows {
                let row = w.row(r), i = (r - p) * blocks
                for b in 0..<blocks { dw[i + b] = Half.load(row + b * wBytes, 0) }
                if unpackPanels {
                    for b in 0..<blocks { quants[i + b] = unpack(row + b * wBytes).q }
                }
            }
            var t = tokens.lowerBound
            while t + 8 <= tokens.upperBound {
                let at = a + t * aRowBytes
                for b in 0..<blocks {
                    @inline(__always) func gather(_ x: UnsafePointer<Float>) -> SIMD8<Float> {
                        UnsafeRawPointer(x + b * scales.stride + t).loadUnaligned(as: SIMD8<Float>.self)
                    }
                    UnsafeMutableRawPointer(groupD + b * 8).storeBytes(of: gather(scales.d), as: SIMD8<Float>.self)
                    if affine {
                        UnsafeMutableRawPointer(groupS + b * 8).storeBytes(of: gather(scales.s), as: SIMD8<Float>.self)
                    }
                }
                if hasBias {
                    let u = SIMD32<UInt8>(repeating: biasByte)
                    for b in 0..<blocks {
                        for k in 0..<8 {
                            let y = at.loadUnaligned(fromByteOffset: k * aRowBytes + b * aBytes + qOffset,
                                                     as: SIMD32<Int8>.self)
                            bias[b * 8 + k] = Int8Ops.maddubs(u, y)
                        }
                    }
                }
                for r in panelRows {
                    let i = (r - p) * blocks
                    // d_w·d_a of the 8 tokens, one vector product per block (the same roundings as
                    // 8 scalar ones), read back by the tile as broadcasts from memory.
                    for b in 0..<blocks {
                        let product = SIMD8<Float>(repeating: dw[i + b])
                            * UnsafeRawPointer(groupD + b * 8).loadUnaligned(as: SIMD8<Float>.self)
                        UnsafeMutableRawPointer(ds + b * 8).storeBytes(of: product, as: SIMD8<Float>.self)
                    }
                    let row = w.row(r)
                    let sums: SIMD8<Float>
                    if unpackPanels {
                        let q = UnsafePointer(quants + i)
                        sums = tile1x8(row, at, aRowBytes, ds, groupS, blocks, bias) { q[$0] }
                    } else {
                        sums = tile1x8(row, at, aRowBytes, ds, groupS, blocks, bias) { unpack(row + $0 * wBytes).q }
                    }
                    for k in 0..<8 { out[(t + k) * total + r] = sums[k] }
                }
                t += 8
            }
            while t < tokens.upperBound {
                decodeRows(w, panelRows, t, a, aRowBytes, scales, out)
                t += 1
            }
            p = panelRows.upperBound
        }
    }

    /// Dots of 4 consecutive rows (`w`, stride `wStride`) with one activation row `a` whose block
    /// scales are d[b·stride], s[b·stride], over `blocks` blocks.
    ///
    /// Every block kernel keeps its f16 d at byte 0 of a block (and m at byte 2 when `.affine`), so
    /// the scales of the 4 rows are converted together; the quants come from `unpack`.
    @inline(__always)
    static func tile4x1(_ w: UnsafeRawPointer, _ wStride: Int, _ a: UnsafeRawPointer,
                        _ d: UnsafePointer<Float>, _ s: UnsafePointer<Float>, _ stride: Int,
                        _ blocks: Int) -> SIMD4<Float> {
        let wBytes = type.blockBytes, aBytes = activationBlockBytes, qOffset = activationQuantOffset
        var c0 = SIMD8<Float>(), c1 = SIMD8<Float>(), c2 = SIMD8<Float>(), c3 = SIMD8<Float>()
        var mins = SIMD4<Float>()
        // The 4 rows after the next ones (contiguous, 4·wBytes per block step) are prefetched
        // while this tile runs: the hardware prefetchers do not follow 4 short interleaved rows.
        let ahead = w + decodePrefetchTiles * 4 * wStride
        for b in 0..<blocks {
            let next = ahead + b * 4 * wBytes
            Prefetch.read(next)
            Prefetch.read(next + 64)
            if 4 * wBytes > 128 { Prefetch.read(next + 128) }
            let y = a.loadUnaligned(fromByteOffset: b * aBytes + qOffset, as: SIMD32<Int8>.self)
            let wb = w + b * wBytes
            // d and m of the 4 rows in one load-and-convert: dm = (d0, m0, d1, m1, …, d3, m3).
            let dm = Half.scalePairs(wb, wStride)
            // d_w·d_a per row, the same single rounding as the scalar product.
            let dd = SIMD4<Float>(dm[0], dm[2], dm[4], dm[6]) * SIMD4<Float>(repeating: d[b * stride])
            let q0 = unpack(wb).q, q1 = unpack(wb + wStride).q
            let q2 = unpack(wb + 2 * wStride).q, q3 = unpack(wb + 3 * wStride).q
            c0.addProduct(SIMD8<Float>(tileSum(q0, y)), SIMD8<Float>(repeating: dd[0]))
            c1.addProduct(SIMD8<Float>(tileSum(q1, y)), SIMD8<Float>(repeating: dd[1]))
            c2.addProduct(SIMD8<Float>(tileSum(q2, y)), SIMD8<Float>(repeating: dd[2]))
            c3.addProduct(SIMD8<Float>(tileSum(q3, y)), SIMD8<Float>(repeating: dd[3]))
            if case .affine = form {
                mins += SIMD4<Float>(dm[1], dm[3], dm[5], dm[7]) * SIMD4<Float>(repeating: s[b * stride])
            }
        }
        return SIMD4<Float>(c0.treeSum, c1.treeSum, c2.treeSum, c3.treeSum) + mins
    }

    /// Dots of one weight row with 8 consecutive activation rows (stride `aStride`): lane k = row ·
    /// token k. Per block b and token k: `ds[b·8 + k]` = d_w·d_a; `sums[b·8 + k]` = the activation
    /// block sum s (read for `.affine` only); for `.offset` kernels `bias[b·8 + k]` =
    /// `vpmaddubsw(bias, y)`; `quants(b)` = the unpacked quants of block b.
    @inline(__always)
    static func tile1x8(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer, _ aStride: Int,
                        _ ds: UnsafePointer<Float>, _ sums: UnsafePointer<Float>,
                        _ blocks: Int, _ bias: UnsafePointer<SIMD16<Int16>>,
                        _ quants: (Int) -> SIMD32<UInt8>) -> SIMD8<Float> {
        let wBytes = type.blockBytes, aBytes = activationBlockBytes, qOffset = activationQuantOffset
        var c0 = SIMD8<Float>(), c1 = SIMD8<Float>(), c2 = SIMD8<Float>(), c3 = SIMD8<Float>()
        var c4 = SIMD8<Float>(), c5 = SIMD8<Float>(), c6 = SIMD8<Float>(), c7 = SIMD8<Float>()
        var mins = SIMD8<Float>()
        for b in 0..<blocks {
            let q = quants(b)
            let ab = a + b * aBytes + qOffset
            let bb = bias + b * 8
            let db = ds + b * 8
            // fma(d_w·d_a, Σq·y, acc) per lane: ggml's rounding (ggml_vec_dot_*_q8_* on AVX2).
            @inline(__always) func sum(_ k: Int) -> SIMD8<Float> {
                let y = ab.loadUnaligned(fromByteOffset: k * aStride, as: SIMD32<Int8>.self)
                if case .offset = form {
                    // The exact integers of `tileSum`: (q·y − bias·y) per pair, then pairs summed.
                    return SIMD8<Float>(Int8Ops.pairSum(Int8Ops.maddubs(q, y) &- bb[k]))
                }
                return SIMD8<Float>(tileSum(q, y))
            }
            @inline(__always) func scale(_ k: Int) -> SIMD8<Float> { SIMD8<Float>(repeating: db[k]) }
            c0.addProduct(sum(0), scale(0))
            c1.addProduct(sum(1), scale(1))
            c2.addProduct(sum(2), scale(2))
            c3.addProduct(sum(3), scale(3))
            c4.addProduct(sum(4), scale(4))
            c5.addProduct(sum(5), scale(5))
            c6.addProduct(sum(6), scale(6))
            c7.addProduct(sum(7), scale(7))
            if case .affine = form {
                let factor = Half.load(w + b * wBytes, 2)
                mins += UnsafeRawPointer(sums + b * 8).loadUnaligned(as: SIMD8<Float>.self)
                    * SIMD8<Float>(repeating: factor)
            }
        }
        return SIMD8<Float>(c0.treeSum, c1.treeSum, c2.treeSum, c3.treeSum,
                            c4.treeSum, c5.treeSum, c6.treeSum, c7.treeSum) + mins
    }
}
