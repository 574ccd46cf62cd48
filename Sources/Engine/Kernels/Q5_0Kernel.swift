/// Q5_0: `block_q5_0` (22 bytes per 32 weights): `{ ggml_half d; uint8_t qh[4]; uint8_t qs[16]; }`.
///
/// The low 4 bits of weight j are packed as in Q4_0; its 5th bit is bit j of the little-endian
/// uint32 qh; w = d·(q − 16). Dot products use Q8_0 activations.
package enum Q5_0Kernel: QuantKernel, BlockDotKernel {
    package typealias Activation = Q8_0Activation
    package static var type: GGMLType { .q5_0 }
    static var form: BlockForm { .offset(16) }

    @inline(__always)
    static func unpack(_ block: UnsafeRawPointer) -> (q: SIMD32<UInt8>, d: Float, m: Float) {
        let qh = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
        return (Nibbles.unpack5(block + 6, qh), Half.load(block, 0), 0)
    }

    /// Quant j (0..<32) of a block, scalar.
    static func quant(_ block: UnsafeRawPointer, _ j: Int) -> Int32 {
        let qh = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
        let byte = block.load(fromByteOffset: 6 + j % 16, as: UInt8.self)
        let low = j < 16 ? byte & 0x0F : byte >> 4
        return Int32(low) | Int32((qh >> UInt32(j)) & 1) << 4
    }

    package static func dequantizeReference(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        for b in 0..<(count / 32) {
            let block = src + b * 22
            let d = Half.load(block, 0)
            for j in 0..<32 { dst[b * 32 + j] = Float(quant(block, j) - 16) * d }
        }
    }

    package static func dequantize(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        for b in 0..<(count / 32) {
            let (q, d, _) = unpack(src + b * 22)
            Nibbles.storeScaled(q, bias: 16, d: d, dst + b * 32)
        }
    }

    package static func dotReference(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        var sum: Float = 0
        for b in 0..<(count / 32) {
            let w = weights + b * 22, a = activations + b * 34
            var sumi: Int32 = 0
            for j in 0..<32 { sumi += (quant(w, j) - 16) * Int32(a.load(fromByteOffset: 2 + j, as: Int8.self)) }
            sum += Float(sumi) * (Half.load(w, 0) * Half.load(a, 0))
        }
        return sum
    }

    package static func dot(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        blockDot(weights, activations, count)
    }

    /// Writes `count` floats of `x` as Q5_0 blocks, exactly `quantize_row_q5_0_ref`:
    /// d = v/−16 where v is the value of largest magnitude, q = min(31, Int8(x/d + 16.5)).
    package static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int) {
        for b in 0..<(count / 32) {
            let src = x + b * 32, block = dst + b * 22
            let d = QuantizeHelpers.signedMax(src) / -16
            let id: Float = d != 0 ? 1 / d : 0
            Half.store(d, block, 0)
            var q = [Int](repeating: 0, count: 32)
            for j in 0..<32 { q[j] = Swift.min(31, QuantizeHelpers.int8(src[j] * id + 16.5)) }
            Q5Packing.store(q, block + 2)
        }
    }
}

/// The qh/qs packing shared by the Q5 quantizers.
enum Q5Packing {
    /// Writes qh (4 bytes, bit j = bit 4 of q[j]) then qs (16 bytes of low nibbles) at `dst`.
    static func store(_ q: [Int], _ dst: UnsafeMutableRawPointer) {
        var qh: UInt32 = 0
        for j in 0..<32 { qh |= UInt32((q[j] >> 4) & 1) << UInt32(j) }
        dst.storeBytes(of: qh.littleEndian, as: UInt32.self)
        for j in 0..<16 {
            dst.storeBytes(of: UInt8(q[j] & 0x0F) | UInt8(q[j + 16] & 0x0F) << 4, toByteOffset: 4 + j, as: UInt8.self)
        }
    }
}
