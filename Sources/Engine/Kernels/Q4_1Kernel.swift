/// Q4_1: `block_q4_1` (20 bytes per 32 weights): `{ ggml_half d; ggml_half m; uint8_t qs[16]; }`.
///
/// Weight j < 16 is the low nibble of qs[j], weight j + 16 its high nibble; w = d·q + m.
/// Dot products use Q8_1 activations (their s = d_a·Σqs supplies the m term).
package enum Q4_1Kernel: QuantKernel, BlockDotKernel {
    package typealias Activation = Q8_1Activation
    package static var type: GGMLType { .q4_1 }
    static var form: BlockForm { .affine }

    @inline(__always)
    static func unpack(_ block: UnsafeRawPointer) -> (q: SIMD32<UInt8>, d: Float, m: Float) {
        (Nibbles.unpack(block + 4), Half.load(block, 0), Half.load(block, 2))
    }

    package static func dequantizeReference(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        for b in 0..<(count / 32) {
            let block = src + b * 20
            let d = Half.load(block, 0), m = Half.load(block, 2)
            for j in 0..<16 {
                let byte = block.load(fromByteOffset: 4 + j, as: UInt8.self)
                dst[b * 32 + j] = Float(byte & 0x0F) * d + m
                dst[b * 32 + j + 16] = Float(byte >> 4) * d + m
            }
        }
    }

    package static func dequantize(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        for b in 0..<(count / 32) {
            let (q, d, m) = unpack(src + b * 20)
            Nibbles.storeAffine(q, d: d, m: m, dst + b * 32)
        }
    }

    package static func dotReference(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        var sum: Float = 0
        for b in 0..<(count / 32) {
            let w = weights + b * 20, a = activations + b * 36
            var sumi: Int32 = 0
            for j in 0..<16 {
                let byte = w.load(fromByteOffset: 4 + j, as: UInt8.self)
                sumi += Int32(byte & 0x0F) * Int32(a.load(fromByteOffset: 4 + j, as: Int8.self))
                sumi += Int32(byte >> 4) * Int32(a.load(fromByteOffset: 20 + j, as: Int8.self))
            }
            sum += (Half.load(w, 0) * Half.load(a, 0)) * Float(sumi) + Half.load(w, 2) * Half.load(a, 2)
        }
        return sum
    }

    package static func dot(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        blockDot(weights, activations, count)
    }

    /// Writes `count` floats of `x` as Q4_1 blocks, exactly `quantize_row_q4_1_ref`:
    /// d = (max − min)/15, m = min, q = min(15, Int8((x − min)/d + 0.5)).
    package static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int) {
        for b in 0..<(count / 32) {
            let src = x + b * 32, block = dst + b * 20
            let (lo, hi) = QuantizeHelpers.range(src)
            let d = (hi - lo) / 15
            let id: Float = d != 0 ? 1 / d : 0
            Half.store(d, block, 0)
            Half.store(lo, block, 2)
            for j in 0..<16 {
                let q0 = Swift.min(15, QuantizeHelpers.int8((src[j] - lo) * id + 0.5))
                let q1 = Swift.min(15, QuantizeHelpers.int8((src[j + 16] - lo) * id + 0.5))
                block.storeBytes(of: UInt8(truncatingIfNeeded: q0) | UInt8(truncatingIfNeeded: q1) << 4,
                                 toByteOffset: 4 + j, as: UInt8.self)
            }
        }
    }
}
