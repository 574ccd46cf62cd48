/// Activations as `block_q8_0` (34 bytes per 32 values):
/// `{ ggml_half d; int8_t qs[32]; }`, x[j] ≈ d·qs[j].
///
/// Exactly ggml's x86 `quantize_row_q8_0`: d = amax/127, qs = round-half-even(x·127/amax), d stored as f16.
package enum Q8_0Activation: ActivationQuantizer {
    package static var type: GGMLType { .q8_0 }

    package static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int) {
        precondition(count % 32 == 0, "Q8_0 rows hold whole blocks of 32")
        for b in 0..<(count / 32) {
            let block = dst + b * 34
            let d = Q8Block.quantize32(x + b * 32, block + 2)
            Half.store(d, block, 0)
        }
    }
}

/// Activations as `block_q8_1` (36 bytes per 32 values):
/// `{ ggml_half d; ggml_half s; int8_t qs[32]; }`, x[j] ≈ d·qs[j], s = d·Σqs.
///
/// Exactly ggml's x86 `quantize_row_q8_1`: as Q8_0, plus s = f16(Σqs · d) with the f32 d.
package enum Q8_1Activation: ActivationQuantizer {
    package static var type: GGMLType { .q8_1 }

    package static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int) {
        precondition(count % 32 == 0, "Q8_1 rows hold whole blocks of 32")
        for b in 0..<(count / 32) {
            let block = dst + b * 36
            let d = Q8Block.quantize32(x + b * 32, block + 4)
            let q = UnsafeRawPointer(block + 4).loadUnaligned(as: SIMD32<Int8>.self)
            let sum = Int8Ops.pairSum(Int8Ops.maddubs(SIMD32<UInt8>(repeating: 1), q)).wrappedSum()
            Half.store(d, block, 0)
            Half.store(Float(sum) * d, block, 2)
        }
    }
}

/// Activations for float weights: a plain copy of the f32 row.
package enum F32Activation: ActivationQuantizer {
    package static var type: GGMLType { .f32 }

    package static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int) {
        dst.copyMemory(from: x, byteCount: count * 4)
    }
}

/// The 8-bit quantization shared by the Q8_0 and Q8_1 activation blocks.
enum Q8Block {
    /// Writes qs[0..<32] = round-half-even(x·127/amax) and returns the f32 scale d = amax/127.
    @inline(__always)
    static func quantize32(_ x: UnsafePointer<Float>, _ qs: UnsafeMutableRawPointer) -> Float {
        var amax = SIMD8<Float>()
        let signMask = SIMD8<UInt32>(repeating: 0x7fff_ffff)
        for k in 0..<4 {
            let v = unsafeBitCast(UnsafeRawPointer(x + 8 * k).loadUnaligned(as: SIMD8<UInt32>.self) & signMask,
                                  to: SIMD8<Float>.self)
            amax = amax.replacing(with: v, where: v .> amax)  // vmaxps (no NaN in activations)
        }
        let m4 = amax.lowHalf.replacing(with: amax.highHalf, where: amax.highHalf .> amax.lowHalf)
        let m2 = m4.lowHalf.replacing(with: m4.highHalf, where: m4.highHalf .> m4.lowHalf)
        let amaxScalar = Swift.max(m2[0], m2[1])
        let d = amaxScalar / 127
        // ggml's x86 path (what llama.cpp runs on AVX2 machines, and what the reference fixtures
        // come from) scales by 127/amax and rounds half to even (_mm256_round_ps), unlike the
        // generic reference's 1/d with ties away from zero: one LSB here moves logits visibly.
        let id: Float = amaxScalar != 0 ? 127 / amaxScalar : 0
        let idv = SIMD8<Float>(repeating: id)
        for k in 0..<4 {
            // x·id rounded to the nearest integer (ties to even), |·| ≤ 127, then narrowed exactly.
            let r = (UnsafeRawPointer(x + 8 * k).loadUnaligned(as: SIMD8<Float>.self) * idv)
                .rounded(.toNearestOrEven)
            var wide = SIMD8<Int32>()
            for l in 0..<8 { wide[l] = Int32(r[l]) }
            qs.storeBytes(of: SIMD8<Int8>(truncatingIfNeeded: wide), toByteOffset: 8 * k, as: SIMD8<Int8>.self)
        }
        return d
    }
}
