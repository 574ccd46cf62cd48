import Engine
import Foundation

/// A K-quant kernel that can also quantize f32 weights (the reference quantizers).
protocol KQuantizing: QuantKernel {
    static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int)
    /// The Swift-SIMD dot product (what `dot` runs where no hand-written kernel exists).
    static func dotPortable(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float
}

extension Q2_KKernel: KQuantizing {}
extension Q3_KKernel: KQuantizing {}
extension Q4_KKernel: KQuantizing {}
extension Q5_KKernel: KQuantizing {}
extension Q6_KKernel: KQuantizing {}

/// Thresholds of ggml's tests/test-quantize-fns.cpp.
enum QuantizeFnsThreshold {
    static let maxQuantizationTotalError: Float = 0.002
    static let maxQuantizationTotalError2Bits: Float = 0.0075
    static let maxQuantizationTotalError3Bits: Float = 0.0040
    static let maxDotProductError: Float = 0.02
    static let maxDotProductErrorLowBit: Float = 0.04
}

/// Test vectors and comparisons in the style of test-quantize-fns.cpp.
enum KQuantFixture {
    /// Values per test vector (`32 * 128` in test-quantize-fns).
    static let testSize = 32 * 128

    /// `generate_data`: 0.1 + 2·cos(i + offset).
    static func synthetic(offset: Float, count: Int = testSize) -> [Float] {
        (0..<count).map { Float(0.1 + 2 * Double(cosf(Float($0) + offset))) }
    }

    /// ggml's `array_rmse`: sqrt(Σ diff²) / n (not the textbook RMSE: it is smaller by √n,
    /// and the thresholds are calibrated for it).
    static func arrayRMSE(_ a: [Float], _ b: [Float]) -> Float {
        var sum = 0.0
        for i in a.indices {
            let diff = Double(a[i]) - Double(b[i])
            sum += diff * diff
        }
        return Float(sum.squareRoot()) / Float(a.count)
    }

    /// The blocks of `x` quantized by `K`.
    static func quantize<K: KQuantizing>(_ kernel: K.Type, _ x: [Float]) -> [UInt8] {
        var q = [UInt8](repeating: 0, count: K.type.rowBytes(x.count) ?? 0)
        x.withUnsafeBufferPointer { xb in
            q.withUnsafeMutableBytes { K.quantize(xb.baseAddress!, $0.baseAddress!, x.count) }
        }
        return q
    }

    /// Activations quantized for `K`'s dot product.
    static func activations<K: QuantKernel>(_ kernel: K.Type, _ x: [Float]) -> [UInt8] {
        var q = [UInt8](repeating: 0, count: K.Activation.type.rowBytes(x.count) ?? 0)
        x.withUnsafeBufferPointer { xb in
            q.withUnsafeMutableBytes { K.Activation.quantize(xb.baseAddress!, $0.baseAddress!, x.count) }
        }
        return q
    }

    /// `count` weights of `blocks`, by the reference or the SIMD path.
    static func dequantize<K: QuantKernel>(_ kernel: K.Type, _ blocks: [UInt8], count: Int, simd: Bool) -> [Float] {
        var out = [Float](repeating: .nan, count: count)
        blocks.withUnsafeBytes { src in
            out.withUnsafeMutableBufferPointer { dst in
                if simd {
                    K.dequantize(src.baseAddress!, dst.baseAddress!, count)
                } else {
                    K.dequantizeReference(src.baseAddress!, dst.baseAddress!, count)
                }
            }
        }
        return out
    }

    /// The dot product of weight and activation blocks, by the reference or the SIMD path.
    static func dot<K: QuantKernel>(_ kernel: K.Type, _ w: [UInt8], _ a: [UInt8], count: Int, simd: Bool) -> Float {
        w.withUnsafeBytes { wb in
            a.withUnsafeBytes { ab in
                simd ? K.dot(wb.baseAddress!, ab.baseAddress!, count)
                    : K.dotReference(wb.baseAddress!, ab.baseAddress!, count)
            }
        }
    }

    /// The dot product by the portable Swift-SIMD path.
    static func dotPortable<K: KQuantizing>(_ kernel: K.Type, _ w: [UInt8], _ a: [UInt8], count: Int) -> Float {
        w.withUnsafeBytes { wb in
            a.withUnsafeBytes { ab in K.dotPortable(wb.baseAddress!, ab.baseAddress!, count) }
        }
    }

    /// Random blocks of `K` whose fp16 fields (at `halfOffsets` in each block) hold finite
    /// scales in ±`scaleRange`, every other byte uniformly random: exercises every bit pattern of
    /// the quants and packed scales.
    static func randomBlocks<K: QuantKernel, G: RandomNumberGenerator>(
        _ kernel: K.Type, blocks: Int, halfOffsets: [Int], using rng: inout G, scaleRange: Float = 0.01
    ) -> [UInt8] {
        let bytes = K.type.blockBytes
        var out = (0..<(blocks * bytes)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        for b in 0..<blocks {
            for off in halfOffsets {
                let bits = Float16(Float.random(in: -scaleRange...scaleRange, using: &rng)).bitPattern
                out[b * bytes + off] = UInt8(bits & 0xFF)
                out[b * bytes + off + 1] = UInt8(bits >> 8)
            }
        }
        return out
    }

    /// `MatMul`'s product out[t·rows + r] of weights `w` of `type`, [rows, cols], with f32
    /// activations `x`, [n, cols], on `pool`.
    static func product(_ type: GGMLType, _ w: [UInt8], rows: Int, cols: Int, _ x: [Float], n: Int,
                        pool: ThreadPool) throws -> [Float] {
        var out = [Float](repeating: .nan, count: n * rows)
        try w.withUnsafeBytes { wp in
            let matrix = try WeightMatrix(type: type, data: wp.baseAddress!, rows: rows, cols: cols)
            x.withUnsafeBufferPointer { xb in
                out.withUnsafeMutableBufferPointer { MatMul(pool: pool).multiply(matrix, xb.baseAddress!, n: n, $0.baseAddress!) }
            }
        }
        return out
    }
}

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
