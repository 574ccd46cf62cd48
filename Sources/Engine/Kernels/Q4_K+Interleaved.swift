#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel

/// The Q4_K gemm tile on 8 rows interleaved once per task (the layout idea of ggml's
/// `block_q4_Kx8`, built in a scratch buffer instead of at load time).
///
/// In the GGUF layout every row is a separate stream, so `repackTile4` needs a horizontal sum per
/// (row, token, pair of sub-blocks) to bring row j's integer sum into lane j. Interleaved, lane j of
/// every vector holds row j: a 32-byte load is 4 quants of each of the 8 rows, the 4 matching
/// activation quants are broadcast, and `vpmaddubsw` products accumulate per lane with no
/// horizontal work. The integer sums per (row, token, pair) are the same exact integers, and the
/// float operations the same as `repackTile4`'s (gemm rounding), so the results are identical.
extension Q4_KKernel {
    /// Bytes of one interleaved super-block of 8 rows, at these offsets:
    /// - 0: quants [8 sub-blocks][8 chunks of 4][8 rows] × 4 bytes, one quant (0…15) per byte;
    /// - 2048: scales [8 sub-blocks] × 8 Int32 lanes, lane j = sc_j[s] in both Int16 halves;
    /// - 2304: d [8 rows] f32; 2336: dmin [8 rows] f32;
    /// - 2368: min pairs [4 pairs] × 8 Int32 lanes (`transposedMins`).
    static let interleavedBlockBytes = 2496
    private static let scalesAt = 2048, dAt = 2304, dminAt = 2336, minPairsAt = 2368

    /// Tokens from which `multiplyTask` interleaves a group of 8 rows: below, the interleaving
    /// costs more than the horizontal sums it saves.
    static let interleaveMinTokens = 16

    /// Writes the `blocks` super-blocks of the 8 rows from `w0` (`stride` bytes apart), interleaved,
    /// to `dst` (`blocks × interleavedBlockBytes` bytes).
    static func interleave8(_ w0: UnsafeRawPointer, _ stride: Int, _ blocks: Int, _ dst: UnsafeMutableRawPointer) {
        for b in 0..<blocks {
            let out = dst + b * interleavedBlockBytes
            let bx = b * blockBytes
            @inline(__always) func block(_ j: Int) -> UnsafeRawPointer { w0 + j * stride + bx }
            for j in 0..<8 {
                let qs = block(j) + qsOffset
                for c in 0..<4 {
                    for i in 0..<8 {
                        // Bytes 32c + 4i…+3: their low nibbles are quants 4i… of sub-block 2c, their
                        // high nibbles those of sub-block 2c + 1.
                        let word = UInt32(littleEndian: qs.loadUnaligned(fromByteOffset: 32 * c + 4 * i, as: UInt32.self))
                        let lo = word & 0x0F0F_0F0F, hi = (word >> 4) & 0x0F0F_0F0F
                        out.storeBytes(of: lo.littleEndian, toByteOffset: ((2 * c * 8 + i) * 8 + j) * 4, as: UInt32.self)
                        out.storeBytes(of: hi.littleEndian, toByteOffset: (((2 * c + 1) * 8 + i) * 8 + j) * 4,
                                       as: UInt32.self)
                    }
                }
                out.storeBytes(of: KQuant.half(block(j), 0), toByteOffset: dAt + 4 * j, as: Float.self)
                out.storeBytes(of: KQuant.half(block(j), 2), toByteOffset: dminAt + 4 * j, as: Float.self)
            }
            let (sc, mins) = unpackScaleMins8(block)
            for s in 0..<8 {
                for j in 0..<8 {
                    let v = UInt32(truncatingIfNeeded: sc[j] >> UInt64(8 * s)) & 0xFF
                    out.storeBytes(of: (v | v << 16).littleEndian, toByteOffset: scalesAt + s * 32 + j * 4, as: UInt32.self)
                }
            }
            let mp = transposedMins(mins)
            UnsafeMutableRawPointer(out + minPairsAt).storeBytes(of: mp.0, as: __m256i.self)
            UnsafeMutableRawPointer(out + minPairsAt + 32).storeBytes(of: mp.1, as: __m256i.self)
            UnsafeMutableRawPointer(out + minPairsAt + 64).storeBytes(of: mp.2, as: __m256i.self)
            UnsafeMutableRawPointer(out + minPairsAt + 96).storeBytes(of: mp.3, as: __m256i.self)
        }
    }

    /// `repackTile4` on interleaved rows: lanes of result k = rows 0…7 · activation row k of the 4
    /// rows from `a0` (`aStride` bytes apart), gemm rounding.
    @inline(__always)
    static func interleavedTile4(_ x0: UnsafeRawPointer, _ a0: UnsafeRawPointer, _ aStride: Int, _ blocks: Int)
        -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
        var acc = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        var accMin = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        let zero = _mm256_setzero_si256()
        for b in 0..<blocks {
            let x = x0 + b * interleavedBlockBytes
            let y0 = a0 + b * Q8_KActivation.blockBytes
            let y = (y0, y0 + aStride, y0 + 2 * aStride, y0 + 3 * aStride)
            let d = x.loadUnaligned(fromByteOffset: dAt, as: SIMD8<Float>.self)
            let dmin = x.loadUnaligned(fromByteOffset: dminAt, as: SIMD8<Float>.self)
            let ds = (d * Q8_KActivation.scale(y.0), d * Q8_KActivation.scale(y.1),
                      d * Q8_KActivation.scale(y.2), d * Q8_KActivation.scale(y.3))
            let ms = (dmin * Q8_KActivation.scale(y.0), dmin * Q8_KActivation.scale(y.1),
                      dmin * Q8_KActivation.scale(y.2), dmin * Q8_KActivation.scale(y.3))
            @inline(__always) func bsumPairs(_ yk: UnsafeRawPointer) -> SIMD4<Int32> {
                unsafeBitCast(KQuantAVX2.bsumPairs(yk), to: SIMD4<Int32>.self)
            }
            let bp = (bsumPairs(y.0), bsumPairs(y.1), bsumPairs(y.2), bsumPairs(y.3))
            for c in 0..<4 {
                var isum = (zero, zero, zero, zero)
                for h in 0..<2 {
                    let s = 2 * c + h
                    // Σ q·y per row over the 32 quants of sub-block s, as Int16 pairs: at most
                    // 8 × 2 × 15 × 128 = 30720 in magnitude, no overflow.
                    var p = (zero, zero, zero, zero)
                    let yOffset = Q8_KActivation.qsOffset + 32 * s
                    for i in 0..<8 {
                        let w = KQuantAVX2.load(x, (s * 8 + i) * 32)
                        @inline(__always) func term(_ yk: UnsafeRawPointer) -> __m256i {
                            let v = yk.loadUnaligned(fromByteOffset: yOffset + 4 * i, as: Int32.self)
                            return _mm256_maddubs_epi16(w, _mm256_set1_epi32(v))
                        }
                        p.0 = _mm256_add_epi16(p.0, term(y.0))
                        p.1 = _mm256_add_epi16(p.1, term(y.1))
                        p.2 = _mm256_add_epi16(p.2, term(y.2))
                        p.3 = _mm256_add_epi16(p.3, term(y.3))
                    }
                    let scale = KQuantAVX2.load(x, scalesAt + 32 * s)
                    isum.0 = _mm256_add_epi32(isum.0, _mm256_madd_epi16(p.0, scale))
                    isum.1 = _mm256_add_epi32(isum.1, _mm256_madd_epi16(p.1, scale))
                    isum.2 = _mm256_add_epi32(isum.2, _mm256_madd_epi16(p.2, scale))
                    isum.3 = _mm256_add_epi32(isum.3, _mm256_madd_epi16(p.3, scale))
                }
                @inline(__always) func float(_ v: __m256i) -> SIMD8<Float> {
                    SIMD8<Float>(unsafeBitCast(v, to: SIMD8<Int32>.self))
                }
                acc.0.addProduct(float(isum.0), ds.0)
                acc.1.addProduct(float(isum.1), ds.1)
                acc.2.addProduct(float(isum.2), ds.2)
                acc.3.addProduct(float(isum.3), ds.3)
                let mp = KQuantAVX2.load(x, minPairsAt + 32 * c)
                @inline(__always) func imin(_ pairs: SIMD4<Int32>) -> SIMD8<Float> {
                    float(_mm256_madd_epi16(mp, _mm256_set1_epi32(pairs[c])))
                }
                accMin.0.addProduct(imin(bp.0), ms.0)
                accMin.1.addProduct(imin(bp.1), ms.1)
                accMin.2.addProduct(imin(bp.2), ms.2)
                accMin.3.addProduct(imin(bp.3), ms.3)
            }
        }
        return (acc.0 - accMin.0, acc.1 - accMin.1, acc.2 - accMin.2, acc.3 - accMin.3)
    }
}
#endif
