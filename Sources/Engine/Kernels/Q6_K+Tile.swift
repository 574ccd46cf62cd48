#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// The batched Q6_K product (`MatMulKernel`): 1 row × 4 tokens tiles that unpack each super-block's
/// quants and scales once for the 4 tokens.
///
/// Per (row, token) the arithmetic is llama.cpp's: below `tiledMinimumBatch` tokens `dotAVX2`'s
/// (`ggml_vec_dot_q6_K_q8_K`: the same exact Int32 lanes per super-block, the same fma into the same
/// 8-lane accumulator, the same final sum), from it on `dotTiled`'s (see Q6_K+Tiled.swift).
extension Q6_KKernel {
    /// out[t·w.rows + r] = row r · activation row t for r in `rows`, t in `tokens`: groups of 4
    /// tokens (their activations stay in L1) times every row of the task; the last tokens (< 4)
    /// and single tokens take one `dot`/`dotTiled` per (row, token). (`scales.stride` is the number
    /// of tokens of the whole product, which decides the rounding.)
    static func multiplyTask(_ w: WeightMatrix, _ rows: Range<Int>, _ tokens: Range<Int>,
                             _ a: UnsafeRawPointer, _ aRowBytes: Int, _ scales: ActivationScales,
                             _ out: UnsafeMutablePointer<Float>) {
        let tiled = scales.stride >= tiledMinimumBatch
        var t = tokens.lowerBound
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        while t + 4 <= tokens.upperBound {
            let at = a + t * aRowBytes
            for r in rows {
                let s = dotAVX2x4(w.row(r), at, aRowBytes, w.cols, tiled: tiled)
                out[t * w.rows + r] = s[0]
                out[(t + 1) * w.rows + r] = s[1]
                out[(t + 2) * w.rows + r] = s[2]
                out[(t + 3) * w.rows + r] = s[3]
            }
            t += 4
        }
        #endif
        for r in rows {
            let row = w.row(r)
            for u in t..<tokens.upperBound {
                let au = a + u * aRowBytes
                out[u * w.rows + r] = tiled ? dotTiled(row, au, w.cols) : dot(row, au, w.cols)
            }
        }
    }
}

#if arch(x86_64) && canImport(_Builtin_intrinsics)
extension Q6_KKernel {
    /// `dotAVX2` (or, if `tiled`, `dotTiled`) of one weight row with the 4 activation rows from `a0`
    /// (`aStride` bytes apart): lane k = row · activation row k.
    @inline(__always)
    static func dotAVX2x4(_ weights: UnsafeRawPointer, _ a0: UnsafeRawPointer, _ aStride: Int,
                          _ count: Int, tiled: Bool) -> SIMD4<Float> {
        var acc = (_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps())
        var tiledAcc = SIMD4<Float>()
        for i in 0..<(count / KQuant.blockSize) {
            let x = weights + i * blockBytes
            let y0 = a0 + i * Q8_KActivation.blockBytes
            let y = (y0, y0 + aStride, y0 + 2 * aStride, y0 + 3 * aStride)
            var sumi = (_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256())
            for half in 0..<2 {
                // The quants are unpacked once for the 4 tokens (integer sums: any order gives dotAVX2's lanes).
                let q = halfQuants(x, half)
                sumi.0 = _mm256_add_epi32(sumi.0, halfTerms(q, x, y.0, half))
                sumi.1 = _mm256_add_epi32(sumi.1, halfTerms(q, x, y.1, half))
                sumi.2 = _mm256_add_epi32(sumi.2, halfTerms(q, x, y.2, half))
                sumi.3 = _mm256_add_epi32(sumi.3, halfTerms(q, x, y.3, half))
            }
            let scales16 = _mm256_cvtepi8_epi16(KQuantAVX2.load128(x, scalesOffset))
            let dx = KQuant.half(x, dOffset)
            @inline(__always) func finish(_ si: __m256i, _ yk: UnsafeRawPointer, _ acc: __m256) -> __m256 {
                let d = _mm256_set1_ps(dx * Q8_KActivation.scale(yk))
                return _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(offsetLanes(si, scales16, yk)), acc)
            }
            if tiled {
                // d_w·f32(S) then fma with d_a, S the exact total of the lanes (dotTiled).
                @inline(__always) func term(_ si: __m256i, _ yk: UnsafeRawPointer) -> Float {
                    dx * Float(unsafeBitCast(offsetLanes(si, scales16, yk), to: SIMD8<Int32>.self).wrappedSum())
                }
                let res = SIMD4<Float>(term(sumi.0, y.0), term(sumi.1, y.1), term(sumi.2, y.2), term(sumi.3, y.3))
                let da = SIMD4<Float>(Q8_KActivation.scale(y.0), Q8_KActivation.scale(y.1),
                                      Q8_KActivation.scale(y.2), Q8_KActivation.scale(y.3))
                tiledAcc.addProduct(res, da)
            } else {
                acc.0 = finish(sumi.0, y.0, acc.0)
                acc.1 = finish(sumi.1, y.1, acc.1)
                acc.2 = finish(sumi.2, y.2, acc.2)
                acc.3 = finish(sumi.3, y.3, acc.3)
            }
        }
        if tiled { return tiledAcc }
        return SIMD4<Float>(KQuantAVX2.sum(acc.0), KQuantAVX2.sum(acc.1), KQuantAVX2.sum(acc.2), KQuantAVX2.sum(acc.3))
    }
}
#endif
