#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel

/// Q4_K products in the arithmetic of llama.cpp's CPU "repack" path on AVX2.
///
/// On an AVX2 CPU, ggml repacks every Q4_K matrix whose row count is a multiple of 8 into
/// `block_q4_Kx8` (8 rows interleaved) at load time and multiplies it with
/// `ggml_gemm_q4_K_8x8_q8_K` / `ggml_gemv_q4_K_8x8_q8_K` instead of `ggml_vec_dot_q4_K_q8_K`
/// (`ggml_repack_get_optimal_repack_type`, ggml-cpu/repack.cpp). Of a batch of n tokens, the first
/// n − n % 4 go through the gemm (4 tokens at a time), the others through the gemv (so does a single
/// decoded token). Both keep the integer sums exact and differ only in where they round:
///
/// - gemv, per super-block b: `acc = fma(f32(Σ sc·q·a), d·d_a, acc)` and
///   `acc_min = fma(f32(Σ m·bsum), dmin·d_a, acc_min)`;
/// - gemm: the same per pair of sub-blocks (64 weights), four times per super-block;
///
/// and the result is `acc − acc_min` (d·d_a and dmin·d_a rounded to f32 first). These kernels
/// compute the same per (row, token) with the weights in their GGUF layout: 8 rows × 1 token per
/// tile, lane j = row j, the integer sums of each row folded with `vphaddd`.
extension Q4_KKernel {
    /// The `MatMul` task (`MatMulKernel`): the repack arithmetic when `w.rows` is a multiple of 8,
    /// as llama.cpp, else one `dot` (`ggml_vec_dot_q4_K_q8_K`) per (row, token).
    ///
    /// `scales.stride` is the batch size n, which decides the gemm/gemv split of each token.
    static func multiplyTask(_ w: WeightMatrix, _ rows: Range<Int>, _ tokens: Range<Int>,
                             _ a: UnsafeRawPointer, _ aRowBytes: Int, _ scales: ActivationScales,
                             _ out: UnsafeMutablePointer<Float>) {
        guard w.rows % 8 == 0 else {
            for r in rows {
                let row = w.row(r)
                for t in tokens { out[t * w.rows + r] = dot(row, a + t * aRowBytes, w.cols) }
            }
            return
        }
        let n = scales.stride
        let gemmTokens = n - n % 4
        let blocks = w.cols / KQuant.blockSize
        // Enough gemm tokens: each group of 8 rows is interleaved once, then every 4 tokens take
        // `interleavedTile4` (no horizontal sums).
        let interleaving = Swift.min(gemmTokens, tokens.upperBound) - tokens.lowerBound >= interleaveMinTokens
        // (Allocated only then: a decoded token allocates nothing.)
        let packed = interleaving
            ? UnsafeMutableRawPointer.allocate(byteCount: blocks * interleavedBlockBytes, alignment: 64) : nil
        defer { packed?.deallocate() }
        var r = rows.lowerBound
        while r < rows.upperBound {
            let count = Swift.min(8, rows.upperBound - r)
            let w0 = w.row(r)
            @inline(__always) func store(_ sums: SIMD8<Float>, _ t: Int) {
                let o = out + t * w.rows + r
                if count == 8 {
                    UnsafeMutableRawPointer(o).storeBytes(of: sums, as: SIMD8<Float>.self)
                } else {
                    for j in 0..<count { o[j] = sums[j] }
                }
            }
            let gemmEnd = Swift.min(gemmTokens, tokens.upperBound)
            var t = tokens.lowerBound
            if let packed, count == 8 {
                interleave8(w0, w.rowBytes, blocks, packed)
                while t + 4 <= gemmEnd {
                    let s = interleavedTile4(packed, a + t * aRowBytes, aRowBytes, blocks)
                    store(s.0, t)
                    store(s.1, t + 1)
                    store(s.2, t + 2)
                    store(s.3, t + 3)
                    t += 4
                }
            }
            while t + 4 <= gemmEnd {
                let s = repackTile4(w0, w.rowBytes, count, a + t * aRowBytes, aRowBytes, blocks)
                store(s.0, t)
                store(s.1, t + 1)
                store(s.2, t + 2)
                store(s.3, t + 3)
                t += 4
            }
            while t < tokens.upperBound {
                if t < gemmTokens {
                    store(repackTile(w0, w.rowBytes, count, a + t * aRowBytes, blocks, perPair: true), t)
                } else {
                    let o = out + t * w.rows + r
                    for j in 0..<count { o[j] = dotGemv(w0 + j * w.rowBytes, a + t * aRowBytes, blocks) }
                }
                t += 1
            }
            r += 8
        }
    }

    /// Lane j = row j · the activation row `y`, for the `rowCount` (≤ 8) rows from `w0` (`stride`
    /// bytes apart; missing rows repeat the last), over `blocks` super-blocks: gemm rounding when
    /// `perPair`, gemv rounding otherwise.
    @inline(__always)
    static func repackTile(_ w0: UnsafeRawPointer, _ stride: Int, _ rowCount: Int, _ y0: UnsafeRawPointer,
                           _ blocks: Int, perPair: Bool) -> SIMD8<Float> {
        let last = rowCount - 1
        @inline(__always) func row(_ j: Int) -> UnsafeRawPointer { w0 + Swift.min(j, last) * stride }
        var acc = SIMD8<Float>(), accMin = SIMD8<Float>()
        for b in 0..<blocks {
            let bx = b * blockBytes
            let y = y0 + b * Q8_KActivation.blockBytes
            let da = Q8_KActivation.scale(y)
            let x = blockAddresses(row, bx)
            @inline(__always) func block(_ j: Int) -> UnsafeRawPointer {
                UnsafeRawPointer(bitPattern: x[j]).unsafelyUnwrapped
            }
            let d = gather { KQuant.half(block($0), 0) } * da
            let dmin = gather { KQuant.half(block($0), 2) } * da
            let (sc, mins) = unpackScaleMins8(block)

            // Σ m·bsum per pair of sub-blocks: lane c of row j's vector (bsums summed per 32 quants).
            let pairs = KQuantAVX2.bsumPairs(y)
            @inline(__always) func minSums(_ j: Int) -> SIMD4<Int32> {
                let m16 = _mm_cvtepu8_epi16(_mm_cvtsi64_si128(Int64(bitPattern: mins[j])))
                return unsafeBitCast(_mm_madd_epi16(m16, pairs), to: SIMD4<Int32>.self)
            }
            let m = (minSums(0), minSums(1), minSums(2), minSums(3), minSums(4), minSums(5), minSums(6), minSums(7))
            if perPair {
                for c in 0..<4 {
                    let isum = reduceRows { pairSum(block($0), sc[$0], c, y) }
                    let imin = SIMD8<Int32>(m.0[c], m.1[c], m.2[c], m.3[c], m.4[c], m.5[c], m.6[c], m.7[c])
                    acc.addProduct(SIMD8<Float>(isum), d)
                    accMin.addProduct(SIMD8<Float>(imin), dmin)
                }
            } else {
                let isum = reduceRows { j in
                    let p = block(j), s = sc[j]
                    return _mm256_add_epi32(_mm256_add_epi32(pairSum(p, s, 0, y), pairSum(p, s, 1, y)),
                                            _mm256_add_epi32(pairSum(p, s, 2, y), pairSum(p, s, 3, y)))
                }
                let imin = SIMD8<Int32>(m.0.wrappedSum(), m.1.wrappedSum(), m.2.wrappedSum(), m.3.wrappedSum(),
                                        m.4.wrappedSum(), m.5.wrappedSum(), m.6.wrappedSum(), m.7.wrappedSum())
                acc.addProduct(SIMD8<Float>(isum), d)
                accMin.addProduct(SIMD8<Float>(imin), dmin)
            }
        }
        return acc - accMin
    }

    /// The gemm tile: lanes of result k = rows (as `repackTile`) · activation row k of the 4 rows
    /// from `a0` (`aStride` bytes apart), gemm rounding. The nibbles, scales and mins of each row
    /// are unpacked once for the 4 tokens.
    @inline(__always)
    static func repackTile4(_ w0: UnsafeRawPointer, _ stride: Int, _ rowCount: Int, _ a0: UnsafeRawPointer,
                            _ aStride: Int, _ blocks: Int)
        -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
        let last = rowCount - 1
        @inline(__always) func row(_ j: Int) -> UnsafeRawPointer { w0 + Swift.min(j, last) * stride }
        var acc = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        var accMin = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        for b in 0..<blocks {
            let bx = b * blockBytes
            let y0 = a0 + b * Q8_KActivation.blockBytes
            let y = (y0, y0 + aStride, y0 + 2 * aStride, y0 + 3 * aStride)
            let x = blockAddresses(row, bx)
            @inline(__always) func block(_ j: Int) -> UnsafeRawPointer {
                UnsafeRawPointer(bitPattern: x[j]).unsafelyUnwrapped
            }
            let d = gather { KQuant.half(block($0), 0) }
            let dmin = gather { KQuant.half(block($0), 2) }
            let (sc, mins) = unpackScaleMins8(block)
            let minPairs = transposedMins(mins)
            @inline(__always) func bsumPairs(_ yk: UnsafeRawPointer) -> SIMD4<Int32> {
                unsafeBitCast(KQuantAVX2.bsumPairs(yk), to: SIMD4<Int32>.self)
            }
            let bp = (bsumPairs(y.0), bsumPairs(y.1), bsumPairs(y.2), bsumPairs(y.3))
            let ds = (d * Q8_KActivation.scale(y.0), d * Q8_KActivation.scale(y.1),
                      d * Q8_KActivation.scale(y.2), d * Q8_KActivation.scale(y.3))
            let ms = (dmin * Q8_KActivation.scale(y.0), dmin * Q8_KActivation.scale(y.1),
                      dmin * Q8_KActivation.scale(y.2), dmin * Q8_KActivation.scale(y.3))
            for c in 0..<4 {
                let s = reduceRows4 { pairSums4(block($0), sc[$0], c, y) }
                acc.0.addProduct(SIMD8<Float>(s.0), ds.0)
                acc.1.addProduct(SIMD8<Float>(s.1), ds.1)
                acc.2.addProduct(SIMD8<Float>(s.2), ds.2)
                acc.3.addProduct(SIMD8<Float>(s.3), ds.3)
                let mp = c == 0 ? minPairs.0 : c == 1 ? minPairs.1 : c == 2 ? minPairs.2 : minPairs.3
                @inline(__always) func imin(_ p: SIMD4<Int32>) -> SIMD8<Float> {
                    SIMD8<Float>(unsafeBitCast(_mm256_madd_epi16(mp, _mm256_set1_epi32(p[c])), to: SIMD8<Int32>.self))
                }
                accMin.0.addProduct(imin(bp.0), ms.0)
                accMin.1.addProduct(imin(bp.1), ms.1)
                accMin.2.addProduct(imin(bp.2), ms.2)
                accMin.3.addProduct(imin(bp.3), ms.3)
            }
        }
        return (acc.0 - accMin.0, acc.1 - accMin.1, acc.2 - accMin.2, acc.3 - accMin.3)
    }

    /// `pairSum` of one block with 4 activation blocks, the nibbles and scales unpacked once.
    @inline(__always)
    static func pairSums4(_ x: UnsafeRawPointer, _ scales: UInt64, _ c: Int,
                          _ y: (UnsafeRawPointer, UnsafeRawPointer, UnsafeRawPointer, UnsafeRawPointer))
        -> (__m256i, __m256i, __m256i, __m256i) {
        let m4 = _mm256_set1_epi8(0xF)
        let bits = KQuantAVX2.load(x, qsOffset + 32 * c)
        let lo = _mm256_and_si256(bits, m4)
        let hi = _mm256_and_si256(_mm256_srli_epi16(bits, 4), m4)
        let scaleLo = _mm256_set1_epi16(Int16(truncatingIfNeeded: scales >> (16 * c)) & 0xFF)
        let scaleHi = _mm256_set1_epi16(Int16(truncatingIfNeeded: scales >> (16 * c + 8)) & 0xFF)
        let offset = Q8_KActivation.qsOffset + 64 * c
        @inline(__always) func one(_ yk: UnsafeRawPointer) -> __m256i {
            _mm256_add_epi32(_mm256_madd_epi16(scaleLo, _mm256_maddubs_epi16(lo, KQuantAVX2.load(yk, offset))),
                             _mm256_madd_epi16(scaleHi, _mm256_maddubs_epi16(hi, KQuantAVX2.load(yk, offset + 32))))
        }
        return (one(y.0), one(y.1), one(y.2), one(y.3))
    }

    /// `reduceRows` for 4 tokens at once: result k, lane j = Σ lanes of f(j).k.
    @inline(__always)
    static func reduceRows4(_ f: (Int) -> (__m256i, __m256i, __m256i, __m256i))
        -> (SIMD8<Int32>, SIMD8<Int32>, SIMD8<Int32>, SIMD8<Int32>) {
        @inline(__always) func pair(_ j: Int) -> (__m256i, __m256i, __m256i, __m256i) {
            let p = f(j), q = f(j + 1)
            return (_mm256_hadd_epi32(p.0, q.0), _mm256_hadd_epi32(p.1, q.1),
                    _mm256_hadd_epi32(p.2, q.2), _mm256_hadd_epi32(p.3, q.3))
        }
        @inline(__always) func quad(_ j: Int) -> (__m256i, __m256i, __m256i, __m256i) {
            let p = pair(j), q = pair(j + 2)
            return (_mm256_hadd_epi32(p.0, q.0), _mm256_hadd_epi32(p.1, q.1),
                    _mm256_hadd_epi32(p.2, q.2), _mm256_hadd_epi32(p.3, q.3))
        }
        let lo = quad(0), hi = quad(4)
        @inline(__always) func fold(_ l: __m256i, _ h: __m256i) -> SIMD8<Int32> {
            let a = unsafeBitCast(l, to: SIMD8<Int32>.self), b = unsafeBitCast(h, to: SIMD8<Int32>.self)
            return SIMD8<Int32>(lowHalf: a.lowHalf &+ a.highHalf, highHalf: b.lowHalf &+ b.highHalf)
        }
        return (fold(lo.0, hi.0), fold(lo.1, hi.1), fold(lo.2, hi.2), fold(lo.3, hi.3))
    }

    /// The mins of 8 rows as Int16 pairs: vector c, lane j = m_j[2c] | m_j[2c+1] << 16 (for
    /// `vpmaddwd` with a pair of bsum sums), from each row's 8 mins packed in a UInt64.
    @inline(__always)
    static func transposedMins(_ mins: SIMD8<UInt64>) -> (__m256i, __m256i, __m256i, __m256i) {
        @inline(__always) func widened(_ j: Int) -> __m256i {
            // Row j in the low half, row j + 4 in the high half: lane c of each = its pair c.
            let l = unsafeBitCast(_mm_cvtepu8_epi16(_mm_cvtsi64_si128(Int64(bitPattern: mins[j]))), to: SIMD4<Int32>.self)
            let h = unsafeBitCast(_mm_cvtepu8_epi16(_mm_cvtsi64_si128(Int64(bitPattern: mins[j + 4]))), to: SIMD4<Int32>.self)
            return unsafeBitCast(SIMD8<Int32>(lowHalf: l, highHalf: h), to: __m256i.self)
        }
        let r0 = widened(0), r1 = widened(1), r2 = widened(2), r3 = widened(3)
        let t0 = _mm256_unpacklo_epi32(r0, r1), t1 = _mm256_unpackhi_epi32(r0, r1)
        let t2 = _mm256_unpacklo_epi32(r2, r3), t3 = _mm256_unpackhi_epi32(r2, r3)
        return (_mm256_unpacklo_epi64(t0, t2), _mm256_unpackhi_epi64(t0, t2),
                     _mm256_unpacklo_epi64(t1, t3), _mm256_unpackhi_epi64(t1, t3))
    }

    /// One row · one activation row with gemv rounding (`repackTile` with `perPair: false`, one
    /// lane): the decode path, as fast as a plain dot product.
    @inline(__always)
    static func dotGemv(_ x0: UnsafeRawPointer, _ y0: UnsafeRawPointer, _ blocks: Int) -> Float {
        var acc: Float = 0, accMin: Float = 0
        for b in 0..<blocks {
            let x = x0 + b * blockBytes, y = y0 + b * Q8_KActivation.blockBytes
            let da = Q8_KActivation.scale(y)
            let (sc, mins) = KQuant.unpackScaleMinBits(x + scalesOffset)
            let pairs = KQuantAVX2.bsumPairs(y)
            let m16 = _mm_cvtepu8_epi16(_mm_cvtsi64_si128(Int64(bitPattern: mins)))
            let imin = KQuantAVX2.sum(_mm_madd_epi16(m16, pairs))
            let v = _mm256_add_epi32(_mm256_add_epi32(pairSum(x, sc, 0, y), pairSum(x, sc, 1, y)),
                                     _mm256_add_epi32(pairSum(x, sc, 2, y), pairSum(x, sc, 3, y)))
            let isum = unsafeBitCast(v, to: SIMD8<Int32>.self).wrappedSum()
            acc = acc.addingProduct(Float(isum), KQuant.half(x, 0) * da)
            accMin = accMin.addingProduct(Float(imin), KQuant.half(x, 2) * da)
        }
        return acc - accMin
    }

    /// Eight Int32 lanes whose sum is sc[2c]·(sub-block 2c · a) + sc[2c+1]·(sub-block 2c+1 · a) for
    /// the block at `x` (scales packed as by `KQuant.unpackScaleMinBits`) and the Q8_K block `y`.
    @inline(__always)
    static func pairSum(_ x: UnsafeRawPointer, _ scales: UInt64, _ c: Int, _ y: UnsafeRawPointer) -> __m256i {
        let m4 = _mm256_set1_epi8(0xF)
        let bits = KQuantAVX2.load(x, qsOffset + 32 * c)
        let lo = _mm256_and_si256(bits, m4)
        let hi = _mm256_and_si256(_mm256_srli_epi16(bits, 4), m4)
        let scaleLo = _mm256_set1_epi16(Int16(truncatingIfNeeded: scales >> (16 * c)) & 0xFF)
        let scaleHi = _mm256_set1_epi16(Int16(truncatingIfNeeded: scales >> (16 * c + 8)) & 0xFF)
        let pLo = _mm256_maddubs_epi16(lo, KQuantAVX2.load(y, Q8_KActivation.qsOffset + 64 * c))
        let pHi = _mm256_maddubs_epi16(hi, KQuantAVX2.load(y, Q8_KActivation.qsOffset + 64 * c + 32))
        return _mm256_add_epi32(_mm256_madd_epi16(scaleLo, pLo), _mm256_madd_epi16(scaleHi, pHi))
    }

    /// Lane j = the sum of the eight Int32 lanes of `f(j)`, for j in 0..<8.
    @inline(__always)
    static func reduceRows(_ f: (Int) -> __m256i) -> SIMD8<Int32> {
        let h01 = _mm256_hadd_epi32(f(0), f(1)), h23 = _mm256_hadd_epi32(f(2), f(3))
        let h45 = _mm256_hadd_epi32(f(4), f(5)), h67 = _mm256_hadd_epi32(f(6), f(7))
        // [r0, r1, r2, r3 | r0, r1, r2, r3] partial sums, then the same for rows 4…7.
        let lo = unsafeBitCast(_mm256_hadd_epi32(h01, h23), to: SIMD8<Int32>.self)
        let hi = unsafeBitCast(_mm256_hadd_epi32(h45, h67), to: SIMD8<Int32>.self)
        return SIMD8<Int32>(lowHalf: lo.lowHalf &+ lo.highHalf, highHalf: hi.lowHalf &+ hi.highHalf)
    }

    /// The packed scales and mins (`KQuant.unpackScaleMinBits`) of the 8 blocks block(0)…block(7),
    /// built from scalars (no lane-by-lane stores into a vector, which stall store forwarding).
    @inline(__always)
    static func unpackScaleMins8(_ block: (Int) -> UnsafeRawPointer) -> (SIMD8<UInt64>, SIMD8<UInt64>) {
        @inline(__always) func u(_ j: Int) -> (scales: UInt64, mins: UInt64) {
            KQuant.unpackScaleMinBits(block(j) + scalesOffset)
        }
        let u0 = u(0), u1 = u(1), u2 = u(2), u3 = u(3), u4 = u(4), u5 = u(5), u6 = u(6), u7 = u(7)
        return (SIMD8<UInt64>(u0.scales, u1.scales, u2.scales, u3.scales, u4.scales, u5.scales, u6.scales, u7.scales),
                SIMD8<UInt64>(u0.mins, u1.mins, u2.mins, u3.mins, u4.mins, u5.mins, u6.mins, u7.mins))
    }

    /// The eight values f(0)…f(7).
    @inline(__always)
    static func gather(_ f: (Int) -> Float) -> SIMD8<Float> {
        SIMD8<Float>(f(0), f(1), f(2), f(3), f(4), f(5), f(6), f(7))
    }

    /// The addresses of byte `offset` of the 8 rows `row(0)…row(7)`, as integers.
    @inline(__always)
    static func blockAddresses(_ row: (Int) -> UnsafeRawPointer, _ offset: Int) -> SIMD8<Int> {
        SIMD8<Int>(Int(bitPattern: row(0) + offset), Int(bitPattern: row(1) + offset),
                   Int(bitPattern: row(2) + offset), Int(bitPattern: row(3) + offset),
                   Int(bitPattern: row(4) + offset), Int(bitPattern: row(5) + offset),
                   Int(bitPattern: row(6) + offset), Int(bitPattern: row(7) + offset))
    }
}
#endif
