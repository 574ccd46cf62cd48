/// Q4_0: `block_q4_0` (18 bytes per 32 weights): `{ ggml_half d; uint8_t qs[16]; }`.
///
/// Weight j < 16 is the low nibble of qs[j], weight j + 16 its high nibble; w = d·(q − 8).
/// Dot products use Q8_0 activations.
package enum Q4_0Kernel: QuantKernel, BlockDotKernel {
    package typealias Activation = Q8_0Activation
    package static var type: GGMLType { .q4_0 }
    static var form: BlockForm { .offset(8) }

    @inline(__always)
    static func unpack(_ block: UnsafeRawPointer) -> (q: SIMD32<UInt8>, d: Float, m: Float) {
        (Nibbles.unpack(block + 2), Half.load(block, 0), 0)
    }

    package static func dequantizeReference(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        for b in 0..<(count / 32) {
            let block = src + b * 18
            let d = Half.load(block, 0)
            for j in 0..<16 {
                let byte = block.load(fromByteOffset: 2 + j, as: UInt8.self)
                dst[b * 32 + j] = Float(Int(byte & 0x0F) - 8) * d
                dst[b * 32 + j + 16] = Float(Int(byte >> 4) - 8) * d
            }
        }
    }

    package static func dequantize(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        for b in 0..<(count / 32) {
            let (q, d, _) = unpack(src + b * 18)
            Nibbles.storeScaled(q, bias: 8, d: d, dst + b * 32)
        }
    }

    package static func dotReference(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        var sum: Float = 0
        for b in 0..<(count / 32) {
            let w = weights + b * 18, a = activations + b * 34
            var sumi: Int32 = 0
            for j in 0..<16 {
                let byte = w.load(fromByteOffset: 2 + j, as: UInt8.self)
                sumi += (Int32(byte & 0x0F) - 8) * Int32(a.load(fromByteOffset: 2 + j, as: Int8.self))
                sumi += (Int32(byte >> 4) - 8) * Int32(a.load(fromByteOffset: 18 + j, as: Int8.self))
            }
            sum += Float(sumi) * (Half.load(w, 0) * Half.load(a, 0))
        }
        return sum
    }

    package static func dot(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        blockDot(weights, activations, count)
    }

    /// Writes `count` floats of `x` as Q4_0 blocks, exactly `quantize_row_q4_0_ref`:
    /// d = v/−8 where v is the value of largest magnitude, q = min(15, Int8(x/d + 8.5)).
    package static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int) {
        for b in 0..<(count / 32) {
            let src = x + b * 32, block = dst + b * 18
            let d = QuantizeHelpers.signedMax(src) / -8
            let id: Float = d != 0 ? 1 / d : 0
            Half.store(d, block, 0)
            for j in 0..<16 {
                let lo = Swift.min(15, QuantizeHelpers.int8(src[j] * id + 8.5))
                let hi = Swift.min(15, QuantizeHelpers.int8(src[j + 16] * id + 8.5))
                block.storeBytes(of: UInt8(truncatingIfNeeded: lo) | UInt8(truncatingIfNeeded: hi) << 4,
                                 toByteOffset: 2 + j, as: UInt8.self)
            }
        }
    }
}
