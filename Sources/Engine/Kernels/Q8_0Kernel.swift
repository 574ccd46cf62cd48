/// Q8_0: `block_q8_0` (34 bytes per 32 weights): `{ ggml_half d; int8_t qs[32]; }`, w = d·q.
///
/// Dot products use Q8_0 activations.
package enum Q8_0Kernel: QuantKernel, BlockDotKernel {
    package typealias Activation = Q8_0Activation
    package static var type: GGMLType { .q8_0 }
    static var form: BlockForm { .signed }

    @inline(__always)
    static func unpack(_ block: UnsafeRawPointer) -> (q: SIMD32<UInt8>, d: Float, m: Float) {
        (block.loadUnaligned(fromByteOffset: 2, as: SIMD32<UInt8>.self), Half.load(block, 0), 0)
    }

    package static func dequantizeReference(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        for b in 0..<(count / 32) {
            let block = src + b * 34
            let d = Half.load(block, 0)
            for j in 0..<32 { dst[b * 32 + j] = Float(block.load(fromByteOffset: 2 + j, as: Int8.self)) * d }
        }
    }

    package static func dequantize(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        for b in 0..<(count / 32) {
            let block = src + b * 34
            let dv = SIMD8<Float>(repeating: Half.load(block, 0))
            for k in 0..<4 {
                let q = block.loadUnaligned(fromByteOffset: 2 + 8 * k, as: SIMD8<Int8>.self)
                var f = SIMD8<Float>()
                for i in 0..<8 { f[i] = Float(q[i]) }
                UnsafeMutableRawPointer(dst + b * 32 + 8 * k).storeBytes(of: f * dv, as: SIMD8<Float>.self)
            }
        }
    }

    package static func dotReference(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        var sum: Float = 0
        for b in 0..<(count / 32) {
            let w = weights + b * 34, a = activations + b * 34
            var sumi: Int32 = 0
            for j in 0..<32 {
                sumi += Int32(w.load(fromByteOffset: 2 + j, as: Int8.self)) * Int32(a.load(fromByteOffset: 2 + j, as: Int8.self))
            }
            sum += Float(sumi) * (Half.load(w, 0) * Half.load(a, 0))
        }
        return sum
    }

    package static func dot(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        blockDot(weights, activations, count)
    }

    /// Writes `count` floats of `x` as Q8_0 blocks, exactly `quantize_row_q8_0_ref` (the same
    /// blocks as the Q8_0 activations).
    package static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int) {
        Q8_0Activation.quantize(x, dst, count)
    }
}
