#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel

extension Q4_KKernel {
    /// Σ w·a with AVX2, in the manner of ggml's `ggml_vec_dot_q4_K_q8_K` (x86): nibbles times
    /// activations by `vpmaddubsw`, sub-block scales by `vpmaddwd`, mins through Q8_K's bsums.
    static func dotAVX2(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        var acc = _mm256_setzero_ps()
        var accMin: Float = 0
        for i in 0..<(count / KQuant.blockSize) {
            let x = weights + i * blockBytes
            let y = activations + i * Q8_KActivation.blockBytes
            let dy = Q8_KActivation.scale(y)
            let (scales, mins) = KQuant.unpackScaleMinBits(x + scalesOffset)

            // Σ bsums·mins: pairwise sums of the 16 bsums times the 8 mins.
            let pairs = KQuantAVX2.bsumPairs(y)
            let mins16 = _mm_cvtepu8_epi16(_mm_cvtsi64_si128(Int64(bitPattern: mins)))
            let summs = KQuantAVX2.sum(_mm_madd_epi16(mins16, pairs))
            accMin += KQuant.half(x, 2) * dy * Float(summs)

            var sumi = _mm256_setzero_si256()
            for c in 0..<4 {
                sumi = _mm256_add_epi32(sumi, pairSum(x, scales, c, y))
            }
            let d = _mm256_set1_ps(KQuant.half(x, 0) * dy)
            acc = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(sumi), acc)
        }
        return KQuantAVX2.sum(acc) - accMin
    }
}
#endif
