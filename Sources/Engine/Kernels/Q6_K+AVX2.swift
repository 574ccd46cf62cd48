#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel

extension Q6_KKernel {
    /// Σ w·a with AVX2, as ggml's `ggml_vec_dot_q6_K_q8_K` (x86): 6-bit quants (0…63) times
    /// activations by `vpmaddubsw`, scales by `vpmaddwd`, and the −32 offset subtracted per lane as
    /// 32·(sc·bsums) (`vpmaddwd` of the 16 scales with Q8_K's 16 bsums): the Int32 lanes, hence
    /// the f32 rounding of each lane, are ggml's.
    static func dotAVX2(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        var acc = _mm256_setzero_ps()
        for i in 0..<(count / KQuant.blockSize) {
            let x = weights + i * blockBytes
            let y = activations + i * Q8_KActivation.blockBytes
            let d = _mm256_set1_ps(KQuant.half(x, dOffset) * Q8_KActivation.scale(y))
            acc = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(blockLanes(x, y)), acc)
        }
        return KQuantAVX2.sum(acc)
    }

    /// Σ sc·(q − 32)·a of one super-block `x` with the Q8_K block `y`, in 8 Int32 lanes arranged
    /// as ggml's `ggml_vec_dot_q6_K_q8_K` has them (their total is exact; the lanes matter for
    /// the f32 rounding of `dotAVX2`).
    @inline(__always)
    static func blockLanes(_ x: UnsafeRawPointer, _ y: UnsafeRawPointer) -> __m256i {
        let sumi = _mm256_add_epi32(halfTerms(halfQuants(x, 0), x, y, 0), halfTerms(halfQuants(x, 1), x, y, 1))
        return offsetLanes(sumi, _mm256_cvtepi8_epi16(KQuantAVX2.load128(x, scalesOffset)), y)
    }

    /// The 6-bit quants (0…63) of half `half` (128 weights) of the super-block at `x`, 32 per
    /// vector: weights 0–31, 32–63, 64–95 and 96–127 of the half.
    @inline(__always)
    static func halfQuants(_ x: UnsafeRawPointer, _ half: Int) -> (__m256i, __m256i, __m256i, __m256i) {
        let m4 = _mm256_set1_epi8(0xF)
        let m2 = _mm256_set1_epi8(3)
        let bits1 = KQuantAVX2.load(x, 64 * half)
        let bits2 = KQuantAVX2.load(x, 64 * half + 32)
        let bitsH = KQuantAVX2.load(x, qhOffset + 32 * half)
        let h0 = _mm256_slli_epi16(_mm256_and_si256(bitsH, m2), 4)
        let h1 = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(bitsH, 2), m2), 4)
        let h2 = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(bitsH, 4), m2), 4)
        let h3 = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(bitsH, 6), m2), 4)
        return (
            _mm256_or_si256(_mm256_and_si256(bits1, m4), h0),
            _mm256_or_si256(_mm256_and_si256(bits2, m4), h1),
            _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(bits1, 4), m4), h2),
            _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(bits2, 4), m4), h3)
        )
    }

    /// Σ sc·q·a over half `half` of the super-block at `x` (its quants `q`, from `halfQuants`)
    /// with the Q8_K block `y`: 8 Int32 lanes, `vpmaddubsw` then `vpmaddwd` by the scales.
    @inline(__always)
    static func halfTerms(_ q: (__m256i, __m256i, __m256i, __m256i), _ x: UnsafeRawPointer,
                          _ y: UnsafeRawPointer, _ half: Int) -> __m256i {
        let sc = (x + scalesOffset).assumingMemoryBound(to: Int8.self)
        let s = 8 * half
        @inline(__always) func term(_ qk: __m256i, _ k: Int) -> __m256i {
            let a = KQuantAVX2.load(y, Q8_KActivation.qsOffset + 128 * half + 32 * k)
            let scale = KQuantAVX2.splitScale(Int16(sc[s + 2 * k]), Int16(sc[s + 2 * k + 1]))
            return _mm256_madd_epi16(scale, _mm256_maddubs_epi16(qk, a))
        }
        return _mm256_add_epi32(_mm256_add_epi32(term(q.0, 0), term(q.1, 1)),
                                _mm256_add_epi32(term(q.2, 2), term(q.3, 3)))
    }

    /// `sumi` minus the −32 offset, 32·(sc·bsums) per lane (lane i holds the scale groups 2i and
    /// 2i+1; `scales16` = the 16 scales widened to Int16).
    @inline(__always)
    static func offsetLanes(_ sumi: __m256i, _ scales16: __m256i, _ y: UnsafeRawPointer) -> __m256i {
        let offsets = _mm256_madd_epi16(scales16, KQuantAVX2.load(y, Q8_KActivation.bsumsOffset))
        return _mm256_sub_epi32(sumi, _mm256_slli_epi32(offsets, 5))
    }
}
#endif
