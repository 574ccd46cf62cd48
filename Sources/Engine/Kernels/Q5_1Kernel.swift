/// Q5_1: `block_q5_1` (24 bytes per 32 weights): `{ ggml_half d; ggml_half m; uint8_t qh[4]; uint8_t qs[16]; }`.
///
/// Quants are packed as in Q5_0; w = d·q + m. Dot products use Q8_1 activations.
package enum Q5_1Kernel: QuantKernel, BlockDotKernel {
    package typealias Activation = Q8_1Activation
    package static var type: GGMLType { .q5_1 }
    static var form: BlockForm { .affine }

    @inline(__always)
    static func unpack(_ block: UnsafeRawPointer) -> (q: SIMD32<UInt8>, d: Float, m: Float) {
        let qh = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        return (Nibbles.unpack5(block + 8, qh), Half.load(block, 0), Half.load(block, 2))
    }

    /// Quant j (0..<32) of a block, scalar (the Q5_0 layout shifted by the 2 bytes of m).
    static func quant(_ block: UnsafeRawPointer, _ j: Int) -> Int32 { Q5_0Kernel.quant(block + 2, j) }

    package static func dequantizeReference(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        for b in 0..<(count / 32) {
            let block = src + b * 24
            let d = Half.load(block, 0), m = Half.load(block, 2)
            for j in 0..<32 { dst[b * 32 + j] = Float(quant(block, j)) * d + m }
        }
    }

    package static func dequantize(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        for b in 0..<(count / 32) {
            let (q, d, m) = unpack(src + b * 24)
            Nibbles.storeAffine(q, d: d, m: m, dst + b * 32)
        }
    }

    package static func dotReference(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        var sum: Float = 0
        for b in 0..<(count / 32) {
            let w = weights + b * 24, a = activations + b * 36
            var sumi: Int32 = 0
            for j in 0..<32 { sumi += quant(w, j) * Int32(a.load(fromByteOffset: 4 + j, as: Int8.self)) }
            sum += (Half.load(w, 0) * Half.load(a, 0)) * Float(sumi) + Half.load(w, 2) * Half.load(a, 2)
        }
        return sum
    }

    package static func dot(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        blockDot(weights, activations, count)
    }

    /// Writes `count` floats of `x` as Q5_1 blocks, exactly `quantize_row_q5_1_ref`:
    /// d = (max − min)/31, m = min, q = UInt8((x − min)/d + 0.5).
    package static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int) {
        for b in 0..<(count / 32) {
            let src = x + b * 32, block = dst + b * 24
            let (lo, hi) = QuantizeHelpers.range(src)
            let d = (hi - lo) / 31
            let id: Float = d != 0 ? 1 / d : 0
            Half.store(d, block, 0)
            Half.store(lo, block, 2)
            var q = [Int](repeating: 0, count: 32)
            for j in 0..<32 { q[j] = QuantizeHelpers.uint8((src[j] - lo) * id + 0.5) }
            Q5Packing.store(q, block + 4)
        }
    }
}
