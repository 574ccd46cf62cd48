import Foundation
import Engine
import Testing

/// ggml's `tests/test-quantize-fns.cpp` for each weight type, plus SIMD-vs-reference agreement.
@Suite struct KernelTests {
    /// Thresholds of test-quantize-fns.cpp (its RMSE is √Σd² / n, reproduced here).
    static let maxQuantizationTotalError: Float = 0.002
    static let maxQuantizationReferenceError: Float = 0.0001
    static let maxDotProductError: Float = 0.02
    /// Relative agreement of the SIMD dot with the scalar reference, relative to Σ|w·a|.
    static let maxSIMDDotRelativeError: Float = 1e-5
    /// Elements per test vector (ggml uses 32·128).
    static let testSize = 32 * 128

    static let types: [GGMLType] = [.f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0]

    /// 0.1 + 2·cos(i + offset), ggml's `generate_data`.
    static func data(_ offset: Float, _ n: Int = testSize) -> [Float] {
        (0..<n).map { 0.1 + 2 * cos(Float($0) + offset) }
    }

    /// √Σ(a−b)² / n, ggml's `array_rmse`.
    static func rmse(_ a: [Float], _ b: [Float]) -> Float {
        var sum: Double = 0
        for i in a.indices { sum += Double(a[i] - b[i]) * Double(a[i] - b[i]) }
        return Float(sum.squareRoot()) / Float(a.count)
    }

    static func quantize(_ type: GGMLType, _ x: [Float]) throws -> [UInt8] {
        let quantizer = try #require(KernelTable.quantizer(for: type))
        var bytes = [UInt8](repeating: 0, count: try #require(type.rowBytes(x.count)))
        x.withUnsafeBufferPointer { xp in
            bytes.withUnsafeMutableBytes { quantizer(xp.baseAddress!, $0.baseAddress!, x.count) }
        }
        return bytes
    }

    @Test(arguments: types)
    func roundTripErrorIsWithinGGMLThreshold(_ type: GGMLType) throws {
        let kernel = try #require(KernelTable.kernel(for: type))
        let x = Self.data(0)
        let q = try Self.quantize(type, x)
        var y = [Float](repeating: 0, count: x.count)
        q.withUnsafeBytes { qp in y.withUnsafeMutableBufferPointer { kernel.dequantizeReference(qp.baseAddress!, $0.baseAddress!, x.count) } }
        let error = Self.rmse(x, y)
        #expect(error < Self.maxQuantizationTotalError, "\(type.name) round-trip error \(error)")
        if type == .f32 { #expect(error == 0) }
    }

    @Test(arguments: types)
    func simdDequantizeMatchesReferenceBitForBit(_ type: GGMLType) throws {
        let kernel = try #require(KernelTable.kernel(for: type))
        // Odd lengths exercise the tails of the float kernels.
        let n = type.blockSize == 1 ? Self.testSize + 5 : Self.testSize
        let q = try Self.quantize(type, Self.data(0.5, n))
        var ref = [Float](repeating: 0, count: n), simd = [Float](repeating: 1, count: n)
        q.withUnsafeBytes { qp in
            ref.withUnsafeMutableBufferPointer { kernel.dequantizeReference(qp.baseAddress!, $0.baseAddress!, n) }
            simd.withUnsafeMutableBufferPointer { kernel.dequantize(qp.baseAddress!, $0.baseAddress!, n) }
        }
        #expect(ref.map(\.bitPattern) == simd.map(\.bitPattern))
        // dequantizeRow is the same SIMD path.
        var row = [Float](repeating: 2, count: n)
        q.withUnsafeBytes { qp in row.withUnsafeMutableBufferPointer { dequantizeRow(type, qp.baseAddress!, $0.baseAddress!, n) } }
        #expect(row.map(\.bitPattern) == simd.map(\.bitPattern))
    }

    @Test(arguments: types)
    func dotProductErrorIsWithinGGMLThreshold(_ type: GGMLType) throws {
        let kernel = try #require(KernelTable.kernel(for: type))
        try Self.checkDots(kernel)
    }

    static func checkDots<K: QuantKernel>(_ kernel: K.Type) throws {
        let n = testSize
        let w = data(0), a = data(1)
        var exact: Float = 0
        for i in 0..<n { exact += w[i] * a[i] }
        let qw = try quantize(K.type, w)
        var qa = [UInt8](repeating: 0, count: try #require(K.Activation.type.rowBytes(n)))
        a.withUnsafeBufferPointer { ap in qa.withUnsafeMutableBytes { K.Activation.quantize(ap.baseAddress!, $0.baseAddress!, n) } }
        let (ref, simd) = qw.withUnsafeBytes { wp in
            qa.withUnsafeBytes { ap in
                (K.dotReference(wp.baseAddress!, ap.baseAddress!, n), K.dot(wp.baseAddress!, ap.baseAddress!, n))
            }
        }
        let error = abs(ref - exact) / Float(n)
        #expect(error < maxDotProductError, "\(K.type.name) dot error \(error)")
        var magnitude: Float = 0
        for i in 0..<n { magnitude += abs(w[i] * a[i]) }
        #expect(abs(simd - ref) <= maxSIMDDotRelativeError * magnitude, "\(K.type.name) SIMD \(simd) vs reference \(ref)")
    }

    @Test func q8ActivationsMatchGGMLx86() throws {
        // Values chosen to hit exact .5 ties after scaling, zero blocks, and negative extremes.
        var x = Self.data(0.25, 32 * 8)
        for j in 0..<32 { x[32 + j] = 0 }
        for j in 0..<32 { x[64 + j] = Float(j - 16) * 127 / 16 / 2 }  // ties: qs = (j−16)·(127/16)/2·(1/d)
        x[100] = -5
        for type in [GGMLType.q8_0, .q8_1] {
            let n = x.count
            var out = [UInt8](repeating: 0, count: try #require(type.rowBytes(n)))
            x.withUnsafeBufferPointer { xp in
                out.withUnsafeMutableBytes {
                    if type == .q8_0 { Q8_0Activation.quantize(xp.baseAddress!, $0.baseAddress!, n) }
                    else { Q8_1Activation.quantize(xp.baseAddress!, $0.baseAddress!, n) }
                }
            }
            #expect(out == Self.referenceQ8(x, withSum: type == .q8_1), "\(type.name)")
        }
    }

    /// A scalar transcription of ggml's x86 `quantize_row_q8_0` / `quantize_row_q8_1` (AVX2 path:
    /// id = 127/amax, `_mm256_round_ps` to nearest even), which llama.cpp runs on this machine.
    static func referenceQ8(_ x: [Float], withSum: Bool) -> [UInt8] {
        var out: [UInt8] = []
        for b in 0..<(x.count / 32) {
            var amax: Float = 0
            for j in 0..<32 { amax = max(amax, abs(x[b * 32 + j])) }
            let d = amax / 127
            let id: Float = amax != 0 ? 127 / amax : 0
            var qs: [Int8] = []
            for j in 0..<32 { qs.append(Int8((x[b * 32 + j] * id).rounded(.toNearestOrEven))) }
            let sum = qs.reduce(0) { $0 + Int($1) }
            withUnsafeBytes(of: Float16(d).bitPattern.littleEndian) { out += $0 }
            if withSum { withUnsafeBytes(of: Float16(Float(sum) * d).bitPattern.littleEndian) { out += $0 } }
            out += qs.map { UInt8(bitPattern: $0) }
        }
        return out
    }

    @Test func portableIntegerOpsMatchTheAVX2Ones() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt8 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<200 {
            var u = SIMD32<UInt8>(), s = SIMD32<Int8>()
            for i in 0..<32 {
                u[i] = next()
                s[i] = Int8(bitPattern: next())
            }
            if s[0] == -128 { s[0] = -127 }
            #expect(Int8Ops.maddubs(u, s) == Int8Ops.maddubsPortable(u, s))
            #expect(Int8Ops.sign(s, s &+ 3) == Int8Ops.signPortable(s, s &+ 3))
            let x = Int8Ops.maddubs(u, s)
            #expect(Int8Ops.pairSum(x) == Int8Ops.pairSumPortable(x))
        }
    }
}
