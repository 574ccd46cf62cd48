/// BF16 weights: the upper 16 bits of an f32 (`ggml_bf16_t`). Dot products use f32 activations.
package enum BF16Kernel: QuantKernel {
    package typealias Activation = F32Activation
    package static var type: GGMLType { .bf16 }

    package static func dequantizeReference(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        for i in 0..<count { dst[i] = BFloat16.toFloat(src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
    }

    package static func dequantize(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        var i = 0
        while i + 8 <= count {
            UnsafeMutableRawPointer(dst + i).storeBytes(of: load8(src, i), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            dst[i] = BFloat16.toFloat(src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
            i += 1
        }
    }

    /// Weights i..<i+8 as floats (zero-extend and shift left by 16).
    @inline(__always)
    static func load8(_ src: UnsafeRawPointer, _ i: Int) -> SIMD8<Float> {
        let h = src.loadUnaligned(fromByteOffset: 2 * i, as: SIMD8<UInt16>.self)
        var w = SIMD8<UInt32>()
        for k in 0..<8 { w[k] = UInt32(h[k]) }
        return unsafeBitCast(w &<< 16, to: SIMD8<Float>.self)
    }

    package static func dotReference(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        FloatDot.reference(count, activations.assumingMemoryBound(to: Float.self)) {
            BFloat16.toFloat(weights.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))
        }
    }

    package static func dot(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        FloatDot.dot(count, activations.assumingMemoryBound(to: Float.self),
                     load8: { load8(weights, $0) },
                     load1: { BFloat16.toFloat(weights.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)) })
    }

    /// Writes `count` floats as BF16, rounded to nearest-even (`GGML_FP32_TO_BF16`).
    package static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int) {
        for i in 0..<count { dst.storeBytes(of: BFloat16.fromFloat(x[i]), toByteOffset: 2 * i, as: UInt16.self) }
    }
}
