/// Dot products of f16 vectors in exactly ggml's AVX2 summation order (`ggml_vec_dot_f16`):
/// element i goes to accumulator (i mod 32) / 8, lane i mod 8, with fused multiply-adds; the four
/// 8-lane accumulators reduce as x0+x2, x1+x3, then x0+x1, then lanes (0+4, 1+5, 2+6, 3+7) and
/// two horizontal adds. Attention in llama.cpp runs through it, and matching the order keeps our
/// attention outputs bit-identical to llama.cpp's instead of one rounding away.
package enum GGMLDot {
    /// The final reduction of four 8-lane accumulators (GGML_F32x8_REDUCE).
    @inline(__always)
    package static func reduce(
        _ x0: SIMD8<Float>, _ x1: SIMD8<Float>, _ x2: SIMD8<Float>, _ x3: SIMD8<Float>
    ) -> Float {
        let a = (x0 + x2) + (x1 + x3)
        let t0 = a.lowHalf + a.highHalf  // _mm_add_ps(low128, high128)
        let h0 = t0[0] + t0[1], h1 = t0[2] + t0[3]  // _mm_hadd_ps(t0, t0)
        return h0 + h1  // _mm_hadd_ps(t1, t1)
    }

    /// Σ a[i]·b[i] over `n` (a multiple of 32) halves, in ggml's order.
    @inline(__always)
    package static func dot(_ a: UnsafePointer<Float16>, _ b: UnsafePointer<Float16>, _ n: Int) -> Float {
        var x0 = SIMD8<Float>(), x1 = SIMD8<Float>(), x2 = SIMD8<Float>(), x3 = SIMD8<Float>()
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var i = 0
        @inline(__always) func load(_ r: UnsafeRawPointer, _ k: Int) -> SIMD8<Float> {
            Half8.load((r + 2 * k).assumingMemoryBound(to: Float16.self))
        }
        while i + 32 <= n {
            x0.addProduct(load(ra, i), load(rb, i))
            x1.addProduct(load(ra, i + 8), load(rb, i + 8))
            x2.addProduct(load(ra, i + 16), load(rb, i + 16))
            x3.addProduct(load(ra, i + 24), load(rb, i + 24))
            i += 32
        }
        var sum = Double(reduce(x0, x1, x2, x3))
        while i < n {
            sum += Double(Float(a[i]) * Float(b[i]))
            i += 1
        }
        return Float(sum)
    }

    /// `_mm256_reduce_add_ps` as ggml defines it: ((l0+l4)+(l2+l6)) + ((l1+l5)+(l3+l7)).
    @inline(__always)
    package static func reduce8(_ x: SIMD8<Float>) -> Float {
        let x128 = x.highHalf + x.lowHalf
        let x64a = x128[0] + x128[2], x64b = x128[1] + x128[3]
        return x64a + x64b
    }
}

/// llamafile's tinyBLAS order (what ggml's CPU mul_mat uses for f16×f16 when it can): one 8-lane
/// accumulator per output, element i in lane i mod 8, fused multiply-adds, then
/// `hsum`: s_i = l_i + l_{i+4}, then (s0+s2) + (s1+s3).
package enum TinyBLAS {
    @inline(__always)
    package static func hsum(_ x: SIMD8<Float>) -> Float {
        let s = x.highHalf + x.lowHalf
        return (s[0] + s[2]) + (s[1] + s[3])
    }

    /// Σ a[i]·b[i] over `n` (a multiple of 8) halves, in tinyBLAS's order.
    @inline(__always)
    package static func dot(_ a: UnsafePointer<Float16>, _ b: UnsafePointer<Float16>, _ n: Int) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        while i < n {
            acc.addProduct(Half8.load(a + i), Half8.load(b + i))
            i += 8
        }
        return hsum(acc)
    }
}
