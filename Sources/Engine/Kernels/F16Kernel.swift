/// F16 weights: IEEE half floats (`ggml_half`). Dot products use f32 activations
/// (ggml converts the activations to f16 instead; f32 is more exact).
package enum F16Kernel: QuantKernel {
    package typealias Activation = F32Activation
    package static var type: GGMLType { .f16 }

    package static func dequantizeReference(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        for i in 0..<count { dst[i] = Half.load(src, 2 * i) }
    }

    package static func dequantize(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        var i = 0
        while i + 8 <= count {
            UnsafeMutableRawPointer(dst + i).storeBytes(of: load8(src, i), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            dst[i] = Half.load(src, 2 * i)
            i += 1
        }
    }

    /// Weights i..<i+8 as floats (`vcvtph2ps`).
    @inline(__always)
    static func load8(_ src: UnsafeRawPointer, _ i: Int) -> SIMD8<Float> {
        SIMD8<Float>(src.loadUnaligned(fromByteOffset: 2 * i, as: SIMD8<Float16>.self))
    }

    package static func dotReference(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        FloatDot.reference(count, activations.assumingMemoryBound(to: Float.self)) { Half.load(weights, 2 * $0) }
    }

    package static func dot(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        FloatDot.dot(count, activations.assumingMemoryBound(to: Float.self),
                     load8: { load8(weights, $0) }, load1: { Half.load(weights, 2 * $0) })
    }

    /// Writes `count` floats as F16, rounded to nearest-even (`GGML_FP32_TO_FP16`).
    package static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int) {
        for i in 0..<count { Half.store(x[i], dst, 2 * i) }
    }
}
