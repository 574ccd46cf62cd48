/// The SIMD loop shared by the float weight kernels: Σ w[i]·a[i] with f32 activations,
/// where `load8` widens 8 weights starting at element i to f32.
enum FloatDot {
    /// Σ w·a over `count` elements, 32 per step in four FMA accumulators, then the tail.
    @inline(__always)
    static func dot(_ count: Int, _ a: UnsafePointer<Float>,
                    load8: (Int) -> SIMD8<Float>, load1: (Int) -> Float) -> Float {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>(), acc2 = SIMD8<Float>(), acc3 = SIMD8<Float>()
        let raw = UnsafeRawPointer(a)
        var i = 0
        while i + 32 <= count {
            acc0.addProduct(load8(i), raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self))
            acc1.addProduct(load8(i + 8), raw.loadUnaligned(fromByteOffset: 4 * i + 32, as: SIMD8<Float>.self))
            acc2.addProduct(load8(i + 16), raw.loadUnaligned(fromByteOffset: 4 * i + 64, as: SIMD8<Float>.self))
            acc3.addProduct(load8(i + 24), raw.loadUnaligned(fromByteOffset: 4 * i + 96, as: SIMD8<Float>.self))
            i += 32
        }
        while i + 8 <= count {
            acc0.addProduct(load8(i), raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self))
            i += 8
        }
        var sum = ((acc0 + acc1) + (acc2 + acc3)).treeSum
        while i < count {
            sum += load1(i) * a[i]
            i += 1
        }
        return sum
    }

    /// Σ w·a in f64, in element order (the references of the float kernels).
    @inline(__always)
    static func reference(_ count: Int, _ a: UnsafePointer<Float>, load1: (Int) -> Float) -> Float {
        var sum: Double = 0
        for i in 0..<count { sum += Double(load1(i)) * Double(a[i]) }
        return Float(sum)
    }
}

/// F32 weights: plain little-endian floats. Dot products use f32 activations.
package enum F32Kernel: QuantKernel {
    package typealias Activation = F32Activation
    package static var type: GGMLType { .f32 }

    package static func dequantizeReference(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        for i in 0..<count { dst[i] = src.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) }
    }

    package static func dequantize(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        UnsafeMutableRawPointer(dst).copyMemory(from: src, byteCount: 4 * count)
    }

    package static func dotReference(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        FloatDot.reference(count, activations.assumingMemoryBound(to: Float.self)) {
            weights.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self)
        }
    }

    package static func dot(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        FloatDot.dot(count, activations.assumingMemoryBound(to: Float.self),
                     load8: { weights.loadUnaligned(fromByteOffset: 4 * $0, as: SIMD8<Float>.self) },
                     load1: { weights.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) })
    }

    /// Writes `count` floats as F32 (a copy).
    package static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int) {
        dst.copyMemory(from: x, byteCount: 4 * count)
    }
}
