#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel

extension Q5_KKernel {
    /// Σ w·a with AVX2, as `Q4_KKernel.dotAVX2` with the fifth bit of each quant taken from `qh`.
    static func dotAVX2(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        let m4 = _mm256_set1_epi8(0xF)
        let one = _mm256_set1_epi8(1)
        var acc = _mm256_setzero_ps()
        var accMin: Float = 0
        for i in 0..<(count / KQuant.blockSize) {
            let x = weights + i * blockBytes
            let y = activations + i * Q8_KActivation.blockBytes
            let dy = Q8_KActivation.scale(y)
            let (scales, mins) = KQuant.unpackScaleMinBits(x + scalesOffset)

            let pairs = KQuantAVX2.bsumPairs(y)
            let mins16 = _mm_cvtepu8_epi16(_mm_cvtsi64_si128(Int64(bitPattern: mins)))
            accMin += KQuant.half(x, 2) * dy * Float(KQuantAVX2.sum(_mm_madd_epi16(mins16, pairs)))

            let hbits = KQuantAVX2.load(x, qhOffset)
            var sumi = _mm256_setzero_si256()
            for c in 0..<4 {
                let bits = KQuantAVX2.load(x, qsOffset + 32 * c)
                // Bit 2c of qh is the fifth bit of sub-block 2c, bit 2c+1 that of sub-block 2c+1.
                let hLo = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hbits, Int32(2 * c)), one), 4)
                let hHi = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hbits, Int32(2 * c + 1)), one), 4)
                let lo = _mm256_or_si256(_mm256_and_si256(bits, m4), hLo)
                let hi = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(bits, 4), m4), hHi)
                let scaleLo = _mm256_set1_epi16(Int16(truncatingIfNeeded: scales >> (16 * c)) & 0xFF)
                let scaleHi = _mm256_set1_epi16(Int16(truncatingIfNeeded: scales >> (16 * c + 8)) & 0xFF)
                let pLo = _mm256_maddubs_epi16(lo, KQuantAVX2.load(y, Q8_KActivation.qsOffset + 64 * c))
                let pHi = _mm256_maddubs_epi16(hi, KQuantAVX2.load(y, Q8_KActivation.qsOffset + 64 * c + 32))
                sumi = _mm256_add_epi32(sumi, _mm256_add_epi32(_mm256_madd_epi16(scaleLo, pLo), _mm256_madd_epi16(scaleHi, pHi)))
            }
            let d = _mm256_set1_ps(KQuant.half(x, 0) * dy)
            acc = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(sumi), acc)
        }
        return KQuantAVX2.sum(acc) - accMin
    }
}
#endif
