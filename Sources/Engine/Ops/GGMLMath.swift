/// ggml's vectorised exponential on AVX2 (`ggml_v_expf`, adapted from Arm's optimized
/// routines: max error 1.45 + 0.5 ulp), evaluated one lane at a time with the same fused
/// multiply-adds. llama.cpp's softmax and SiLU use it, and this model family is sensitive
/// enough that matching it keeps our logits on llama.cpp's to the last digits.
package enum GGMLMath {
    @inline(__always)
    static func bits(_ x: Float) -> UInt32 { x.bitPattern }

    /// e^x as ggml computes it on AVX2.
    @inline(__always)
    package static func exp(_ x: Float) -> Float {
        let r: Float = 0x1.8p23
        let z = r.addingProduct(x, 0x1.715476p+0)  // fma(x, log2 e, r): round(x·log2 e) in the low bits
        let n = z - r
        let b = (x.addingProduct(-n, 0x1.62e4p-1)).addingProduct(-n, 0x1.7f7d1cp-20)  // x − n·ln 2
        let e = bits(z) << 23
        let k = Float(bitPattern: e &+ bits(1))  // 2^n
        let u = b * b
        let p1 = Float(0x1.573e2ep-5).addingProduct(0x1.0e4020p-7, b)
        let p2 = Float(0x1.fffdb6p-2).addingProduct(0x1.555e66p-3, b)
        let j = (0x1.ffffecp-1 * b).addingProduct(p2.addingProduct(p1, u), u)
        if abs(n) <= 126 { return k.addingProduct(j, k) }
        let g: UInt32 = n <= 0 ? 0x8200_0000 : 0
        let s1 = Float(bitPattern: g &+ 0x7f00_0000)
        let s2 = Float(bitPattern: e &- g)
        if abs(n) > 192 { return s1 * s1 }
        return s2.addingProduct(s2, j) * s1
    }

    /// e^x on 8 lanes, exactly `exp` per lane (ggml_v_expf's common path as vector operations;
    /// lanes whose |n| > 126 take the scalar `exp`, which has ggml's special cases).
    @inline(__always)
    package static func exp8(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let r = SIMD8<Float>(repeating: 0x1.8p23)
        let z = r.addingProduct(x, SIMD8<Float>(repeating: 0x1.715476p+0))
        let n = z - r
        let b = x.addingProduct(-n, SIMD8<Float>(repeating: 0x1.62e4p-1))
            .addingProduct(-n, SIMD8<Float>(repeating: 0x1.7f7d1cp-20))
        let e = unsafeBitCast(z, to: SIMD8<UInt32>.self) &<< 23
        let k = unsafeBitCast(e &+ SIMD8<UInt32>(repeating: bits(1)), to: SIMD8<Float>.self)
        let u = b * b
        let p1 = SIMD8<Float>(repeating: 0x1.573e2ep-5).addingProduct(SIMD8<Float>(repeating: 0x1.0e4020p-7), b)
        let p2 = SIMD8<Float>(repeating: 0x1.fffdb6p-2).addingProduct(SIMD8<Float>(repeating: 0x1.555e66p-3), b)
        let j = (SIMD8<Float>(repeating: 0x1.ffffecp-1) * b).addingProduct(p2.addingProduct(p1, u), u)
        let absN = unsafeBitCast(unsafeBitCast(n, to: SIMD8<UInt32>.self) & 0x7fff_ffff, to: SIMD8<Float>.self)
        if any(absN .> 126) {
            var result = SIMD8<Float>()
            for l in 0..<8 { result[l] = exp(x[l]) }
            return result
        }
        return k.addingProduct(j, k)
    }

    /// x / (1 + e^−x), as `ggml_v_silu`.
    @inline(__always)
    package static func silu(_ x: Float) -> Float {
        x / (1 + exp(-x))
    }
}
