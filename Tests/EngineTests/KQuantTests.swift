import Engine
import Foundation
import Testing

/// The K-quant weight types under test, with their ggml test thresholds.
enum KQuantCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case q2_K, q3_K, q4_K, q5_K, q6_K

    var testDescription: String { rawValue }

    var kernel: any KQuantizing.Type {
        switch self {
        case .q2_K: return Q2_KKernel.self
        case .q3_K: return Q3_KKernel.self
        case .q4_K: return Q4_KKernel.self
        case .q5_K: return Q5_KKernel.self
        case .q6_K: return Q6_KKernel.self
        }
    }

    /// `max_quantization_error` of test-quantize-fns for this type.
    var maxTotalError: Float {
        switch self {
        case .q2_K: return QuantizeFnsThreshold.maxQuantizationTotalError2Bits
        case .q3_K: return QuantizeFnsThreshold.maxQuantizationTotalError3Bits
        default: return QuantizeFnsThreshold.maxQuantizationTotalError
        }
    }

    /// `max_allowed_error` of the dot product for this type.
    var maxDotError: Float {
        switch self {
        case .q2_K: return QuantizeFnsThreshold.maxDotProductErrorLowBit
        default: return QuantizeFnsThreshold.maxDotProductError
        }
    }

    /// Byte offsets of the fp16 scales in one block.
    var halfOffsets: [Int] {
        switch self {
        case .q2_K: return [80, 82]
        case .q3_K: return [108]
        case .q4_K, .q5_K: return [0, 2]
        case .q6_K: return [208]
        }
    }
}

@Suite struct KQuantTests {
    @Test(arguments: KQuantCase.allCases)
    func roundTripErrorIsWithinGGMLThreshold(_ c: KQuantCase) {
        let error = roundTripError(c.kernel)
        #expect(error < c.maxTotalError, "\(c.rawValue) round-trip RMSE \(error)")
    }

    @Test(arguments: KQuantCase.allCases)
    func dotProductErrorIsWithinGGMLThreshold(_ c: KQuantCase) {
        let (simd, reference) = dotError(c.kernel)
        #expect(simd < c.maxDotError, "\(c.rawValue) SIMD dot error \(simd)")
        #expect(reference < c.maxDotError, "\(c.rawValue) reference dot error \(reference)")
    }

    @Test(arguments: KQuantCase.allCases)
    func simdDequantizeMatchesReferenceBitForBit(_ c: KQuantCase) {
        var rng = SplitMix64(seed: 0x4B51_5541_4E54)
        let mismatches = dequantizeMismatches(c.kernel, halfOffsets: c.halfOffsets, using: &rng)
        #expect(mismatches == 0, "\(c.rawValue): \(mismatches) weights differ")
    }

    @Test(arguments: KQuantCase.allCases)
    func simdDotMatchesReference(_ c: KQuantCase) {
        var rng = SplitMix64(seed: 0xD07)
        let worst = dotMismatch(c.kernel, halfOffsets: c.halfOffsets, using: &rng)
        #expect(worst <= 1e-5, "\(c.rawValue): relative difference \(worst)")
    }
}

// MARK: - Checks, generic over the kernel

/// RMSE of dequantize(quantize(x)) against x on ggml's synthetic data; SIMD and reference
/// dequantization must agree exactly on it.
private func roundTripError<K: KQuantizing>(_ kernel: K.Type) -> Float {
    let x = KQuantFixture.synthetic(offset: 0)
    let q = KQuantFixture.quantize(K.self, x)
    let y = KQuantFixture.dequantize(K.self, q, count: x.count, simd: true)
    let yRef = KQuantFixture.dequantize(K.self, q, count: x.count, simd: false)
    #expect(y.map(\.bitPattern) == yRef.map(\.bitPattern))
    return KQuantFixture.arrayRMSE(x, y)
}

/// |quantized dot − f64 dot| / n as in `dot_product_error`, for the SIMD and reference dots.
private func dotError<K: KQuantizing>(_ kernel: K.Type) -> (simd: Float, reference: Float) {
    let x = KQuantFixture.synthetic(offset: 0)
    let a = KQuantFixture.synthetic(offset: 1)
    var exact = 0.0
    for i in x.indices { exact += Double(x[i] * a[i]) }
    let w = KQuantFixture.quantize(K.self, x)
    let qa = KQuantFixture.activations(K.self, a)
    let simd = KQuantFixture.dot(K.self, w, qa, count: x.count, simd: true)
    let reference = KQuantFixture.dot(K.self, w, qa, count: x.count, simd: false)
    let n = Float(x.count)
    return (abs(simd - Float(exact)) / n, abs(reference - Float(exact)) / n)
}

/// Weights that differ (by bit pattern) between SIMD and reference dequantization of random blocks.
private func dequantizeMismatches<K: QuantKernel, G: RandomNumberGenerator>(
    _ kernel: K.Type, halfOffsets: [Int], using rng: inout G
) -> Int {
    let blocks = 64
    let count = blocks * K.type.blockSize
    let q = KQuantFixture.randomBlocks(K.self, blocks: blocks, halfOffsets: halfOffsets, using: &rng)
    let y = KQuantFixture.dequantize(K.self, q, count: count, simd: true)
    let yRef = KQuantFixture.dequantize(K.self, q, count: count, simd: false)
    #expect(yRef.allSatisfy { $0.isFinite })
    return zip(y, yRef).filter { $0.bitPattern != $1.bitPattern }.count
}

/// Largest |SIMD − reference| (for `dot` and `dotPortable`) over several random rows, relative to Σ|w·a| of the row (the scale
/// of float rounding in either summation order).
private func dotMismatch<K: KQuantizing, G: RandomNumberGenerator>(
    _ kernel: K.Type, halfOffsets: [Int], using rng: inout G
) -> Double {
    var worst = 0.0
    for blocks in [1, 2, 3, 8] {
        let count = blocks * K.type.blockSize
        let w = KQuantFixture.randomBlocks(K.self, blocks: blocks, halfOffsets: halfOffsets, using: &rng)
        let x = (0..<count).map { _ in Float.random(in: -3...3, using: &rng) }
        let a = KQuantFixture.activations(K.self, x)
        let simd = KQuantFixture.dot(K.self, w, a, count: count, simd: true)
        let reference = KQuantFixture.dot(K.self, w, a, count: count, simd: false)
        let portable = KQuantFixture.dotPortable(K.self, w, a, count: count)
        let wf = KQuantFixture.dequantize(K.self, w, count: count, simd: false)
        var magnitude = 0.0
        for i in 0..<count { magnitude += abs(Double(wf[i]) * Double(x[i])) }
        #expect(simd.isFinite && reference.isFinite && portable.isFinite)
        let scale = max(magnitude, 1e-30)
        worst = max(worst, abs(Double(simd) - Double(reference)) / scale, abs(Double(portable) - Double(reference)) / scale)
    }
    return worst
}
