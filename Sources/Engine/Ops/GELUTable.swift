import Glibc

/// ggml's f16 GELU table: llama.cpp's CPU backend (`GGML_GELU_FP16`, always defined) does not evaluate
/// GELU on f32 inputs; it rounds x to f16, reads `gelu(x)` rounded to f16 from a 65,536-entry table,
/// and returns that (x ≤ −10 gives 0, x ≥ 10 gives x). Reproducing this rounding matters: it moves
/// Gemma 3's feed-forward outputs by up to 2⁻¹¹ relative, enough to flip near-tie tokens.
package enum GELUTable {
    /// `gelu_tanh(f16 i)` rounded to f16, read back as Float, for every f16 bit pattern i.
    package static let values: [Float] = (0..<65_536).map { bits in
        let x = Float(Float16(bitPattern: UInt16(bits)))
        return Float(Float16(exact(x)))
    }

    /// `ggml_gelu_f32`: 0.5·x·(1 + tanh(√(2/π)·x·(1 + 0.044715·x²))), in ggml's operation order and
    /// as GCC compiles it with FMA: `1 + 0.044715·x·x` is contracted into one fused multiply-add.
    /// Without the contraction one entry of the table (x = −1.999, f16 0xBFFF) differs from the
    /// table llama.cpp builds (read from its `ggml_table_gelu_f16` after `ggml_cpu_init`).
    @inline(__always)
    static func exact(_ x: Float) -> Float {
        let c: Float = 0.797_884_560_802_865_4  // sqrt(2/pi)
        let inner = fmaf(0.044_715 * x, x, 1)
        return 0.5 * x * (1 + tanhf(c * x * inner))
    }

    /// GELU of x as ggml's f32 op computes it (table lookup between −10 and 10).
    @inline(__always)
    static func gelu(_ x: Float, _ table: UnsafePointer<Float>) -> Float {
        if x <= -10 { return 0 }
        if x >= 10 { return x }
        return table[Int(Float16(x).bitPattern)]
    }
}
