/// Quantizes f32 activations into ggml's `block_q8_K`, the activation layout of every K-quant
/// dot product (a transcription of `quantize_row_q8_K_ref` in ggml-quants.c).
///
/// Block layout (292 bytes per 256 values):
/// ```
/// float   d;          // offset 0:   scale, x ≈ d·q
/// int8_t  qs[256];    // offset 4:   quants in -127...127
/// int16_t bsums[16];  // offset 260: Σ qs over each group of 16 (used for the weights' mins)
/// ```
/// The scale maps the value of largest magnitude, with its sign, to -127: `iscale = -127/max`,
/// `d = 1/iscale`.
package enum Q8_KActivation: ActivationQuantizer {
    /// Byte offset of `qs` in a block.
    static let qsOffset = 4
    /// Byte offset of `bsums` in a block.
    static let bsumsOffset = 260
    /// Bytes per block.
    static let blockBytes = 292

    package static var type: GGMLType { .q8_K }

    /// dst = `count` floats of `x` as Q8_K blocks (`count` a multiple of 256).
    package static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int) {
        precondition(count % KQuant.blockSize == 0, "Q8_K rows hold whole blocks of 256 values")
        for i in 0..<(count / KQuant.blockSize) {
            let xb = x + i * KQuant.blockSize
            let block = dst + i * blockBytes
            let qs = (block + qsOffset).assumingMemoryBound(to: Int8.self)
            let bsums = block + bsumsOffset

            var max: Float = 0
            var amax: Float = 0
            for j in 0..<KQuant.blockSize {
                let ax = abs(xb[j])
                if ax > amax {
                    amax = ax
                    max = xb[j]
                }
            }
            if amax == 0 {
                block.storeBytes(of: Float(0), as: Float.self)
                for j in 0..<KQuant.blockSize { qs[j] = 0 }
                for j in 0..<16 { bsums.storeBytes(of: Int16(0), toByteOffset: 2 * j, as: Int16.self) }
                continue
            }
            let iscale = -127 / max
            for j in 0..<KQuant.blockSize {
                let v = KQuant.nearestInt(iscale * xb[j])
                qs[j] = Int8(truncatingIfNeeded: Swift.min(127, v))
            }
            for j in 0..<16 {
                var sum: Int32 = 0
                for l in 0..<16 { sum &+= Int32(qs[16 * j + l]) }
                bsums.storeBytes(of: Int16(truncatingIfNeeded: sum), toByteOffset: 2 * j, as: Int16.self)
            }
            block.storeBytes(of: 1 / iscale, as: Float.self)
        }
    }

    /// The scale `d` of the block at `block`.
    @inline(__always)
    static func scale(_ block: UnsafeRawPointer) -> Float {
        block.loadUnaligned(as: Float.self)
    }
}
