import Foundation

/// Element-wise and reduction helpers on f32 rows, 8 lanes at a time (AVX2).
package enum VectorOps {
    @inline(__always)
    static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    /// Σ a[i]·b[i].
    @inline(__always)
    package static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        var i = 0
        while i + 16 <= n {
            acc0.addProduct(load8(a + i), load8(b + i))
            acc1.addProduct(load8(a + i + 8), load8(b + i + 8))
            i += 16
        }
        var sum = (acc0 + acc1).sum()
        while i < n {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// Σ a[i]·Float(b[i]) with b in half precision (KV cache rows).
    @inline(__always)
    package static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float16>, _ n: Int) -> Float {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        var i = 0
        let raw = UnsafeRawPointer(b)
        while i + 16 <= n {
            acc0.addProduct(load8(a + i), SIMD8<Float>(raw.loadUnaligned(fromByteOffset: 2 * i, as: SIMD8<Float16>.self)))
            acc1.addProduct(load8(a + i + 8), SIMD8<Float>(raw.loadUnaligned(fromByteOffset: 2 * i + 16, as: SIMD8<Float16>.self)))
            i += 16
        }
        var sum = (acc0 + acc1).sum()
        while i < n {
            sum += a[i] * Float(b[i])
            i += 1
        }
        return sum
    }

    /// y[i] += s·Float(x[i]).
    @inline(__always)
    package static func axpy(_ s: Float, _ x: UnsafePointer<Float16>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        let raw = UnsafeRawPointer(x)
        let sv = SIMD8<Float>(repeating: s)
        while i + 8 <= n {
            var acc = load8(y + i)
            acc.addProduct(sv, SIMD8<Float>(raw.loadUnaligned(fromByteOffset: 2 * i, as: SIMD8<Float16>.self)))
            store8(acc, y + i)
            i += 8
        }
        while i < n {
            y[i] += s * Float(x[i])
            i += 1
        }
    }

    /// y[i] += x[i].
    @inline(__always)
    package static func add(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        while i + 8 <= n {
            store8(load8(y + i) + load8(x + i), y + i)
            i += 8
        }
        while i < n {
            y[i] += x[i]
            i += 1
        }
    }

    /// x[i] *= s.
    @inline(__always)
    package static func scale(_ x: UnsafeMutablePointer<Float>, _ s: Float, _ n: Int) {
        for i in 0..<n { x[i] *= s }
    }

    /// dst[i] = Float16(src[i]).
    @inline(__always)
    package static func toHalf(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float16>, _ n: Int) {
        var i = 0
        let raw = UnsafeMutableRawPointer(dst)
        while i + 8 <= n {
            raw.storeBytes(of: SIMD8<Float16>(load8(src + i)), toByteOffset: 2 * i, as: SIMD8<Float16>.self)
            i += 8
        }
        while i < n {
            dst[i] = Float16(src[i])
            i += 1
        }
    }

    /// Softmax of x[0..<n] in place; returns nothing, x sums to 1 afterwards.
    package static func softmax(_ x: UnsafeMutablePointer<Float>, _ n: Int) {
        var m = -Float.infinity
        for i in 0..<n where x[i] > m { m = x[i] }
        var sum: Float = 0
        for i in 0..<n {
            let e = expf(x[i] - m)
            x[i] = e
            sum += e
        }
        let inv = 1 / sum
        for i in 0..<n { x[i] *= inv }
    }

    /// gate[i] = silu(gate[i]) · up[i]  (SwiGLU).
    package static func swiglu(_ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>, _ n: Int) {
        for i in 0..<n { gate[i] = GGMLMath.silu(gate[i]) * up[i] }
    }

    /// gate[i] = gelu_tanh(gate[i]) · up[i]  (GeGLU with the tanh approximation, as ggml's
    /// `ggml_vec_geglu_f32`: GELU through its f16 table, see `GELUTable`).
    package static func geglu(_ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>, _ n: Int) {
        GELUTable.values.withUnsafeBufferPointer { table in
            guard let t = table.baseAddress else { return }
            for i in 0..<n { gate[i] = GELUTable.gelu(gate[i], t) * up[i] }
        }
    }
}

