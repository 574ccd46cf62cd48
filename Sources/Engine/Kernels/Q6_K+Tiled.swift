#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// Q6_K products of a batch as llama.cpp computes them.
///
/// For a batch of at least `tiledMinimumBatch` tokens, ggml's CPU backend does not run
/// `ggml_vec_dot_q6_K_q8_K` per (row, token): its tiled K-quant matmul (`ggml_compute_forward_mul_mat_tiled`,
/// 16×16 micro-tiles) takes over. Its integer work is the same, but it rounds differently: per
/// super-block it forms the exact integer S = Σ sc·(q − 32)·a, then `res = d_w·f32(S)` and
/// `acc = fma(res, d_a, acc)` (blocks in order, from 0), where the per-row kernel multiplies
/// d_w·d_a first and accumulates 8 lanes. Found by comparing llama.cpp's graph tensors: Gemma 3's
/// Q6_K `ffn_down` of layer 0 matches this bit for bit at 8, 9 and 16 tokens, and matches the
/// per-row kernel at 1 to 7 tokens.
extension Q6_KKernel {
    /// Tokens in the batch from which llama.cpp takes the tiled product (`ggml_tiled_min_batch`).
    static let tiledMinimumBatch = 8

    /// Σ w·a in the tiled kernel's rounding (see the type's comment).
    static func dotTiled(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        var acc: Float = 0
        for i in 0..<(count / KQuant.blockSize) {
            let x = weights + i * blockBytes
            let y = activations + i * Q8_KActivation.blockBytes
            let res = KQuant.half(x, dOffset) * Float(blockSum(x, y))
            acc = acc.addingProduct(res, Q8_KActivation.scale(y))  // fma(res, d_a, acc)
        }
        return acc
    }

    /// The exact integer Σ sc·(q − 32)·a of one super-block.
    @inline(__always)
    static func blockSum(_ x: UnsafeRawPointer, _ y: UnsafeRawPointer) -> Int32 {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        return unsafeBitCast(blockLanes(x, y), to: SIMD8<Int32>.self).wrappedSum()
        #else
        var total: Int32 = 0
        for s in 0..<16 {
            var sum: Int32 = 0
            for e in 0..<16 {
                let j = 16 * s + e
                sum &+= (Int32(quant(x, j)) - 32) * Int32(y.load(fromByteOffset: Q8_KActivation.qsOffset + j, as: Int8.self))
            }
            total &+= Int32(x.load(fromByteOffset: scalesOffset + s, as: Int8.self)) * sum
        }
        return total
        #endif
    }

    /// The 6-bit quant (0…63) of weight j of the super-block at `x`.
    @inline(__always)
    static func quant(_ x: UnsafeRawPointer, _ j: Int) -> UInt8 {
        let half = j / 128, k = j % 128, l = k % 32, part = k / 32
        let low = x.load(fromByteOffset: 64 * half + l + (part & 1) * 32, as: UInt8.self)
        let nibble = part < 2 ? low & 0xF : low >> 4
        let high = (x.load(fromByteOffset: qhOffset + 32 * half + l, as: UInt8.self) >> (2 * part)) & 3
        return nibble | high << 4
    }
}
