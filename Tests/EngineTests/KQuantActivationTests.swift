import Engine
import Testing

/// Q8_K activation blocks: ggml's `quantize_row_q8_K_ref` semantics.
@Suite struct KQuantActivationTests {
    /// One row of `x` quantized to Q8_K: (d, qs, bsums) per block.
    private func quantize(_ x: [Float]) -> [(d: Float, qs: [Int8], bsums: [Int16])] {
        var bytes = [UInt8](repeating: 0xAA, count: x.count / 256 * 292)
        x.withUnsafeBufferPointer { xb in
            bytes.withUnsafeMutableBytes { Q8_KActivation.quantize(xb.baseAddress!, $0.baseAddress!, x.count) }
        }
        return bytes.withUnsafeBytes { b in
            (0..<(x.count / 256)).map { i in
                let block = b.baseAddress! + 292 * i
                return (block.loadUnaligned(as: Float.self),
                        (0..<256).map { block.load(fromByteOffset: 4 + $0, as: Int8.self) },
                        (0..<16).map { block.loadUnaligned(fromByteOffset: 260 + 2 * $0, as: Int16.self) })
            }
        }
    }

    @Test func blocksRoundToNearestLevelWithSignedMaxAtMinus127() {
        var rng = SplitMix64(seed: 8)
        let x = (0..<1024).map { i -> Float in
            // Block 1 has its largest magnitude on a positive value, block 2 on a negative one.
            i == 300 ? 9 : i == 700 ? -9 : Float.random(in: -4...4, using: &rng)
        }
        let blocks = quantize(x)
        #expect(blocks.count == 4)
        for (b, block) in blocks.enumerated() {
            let xs = Array(x[(256 * b)..<(256 * b + 256)])
            let imax = xs.indices.max { abs(xs[$0]) < abs(xs[$1]) } ?? 0
            #expect(block.qs[imax] == -127, "block \(b): the largest magnitude maps to -127")
            #expect(block.d * xs[imax] < 0, "block \(b): d has the opposite sign of the max")
            for j in 0..<256 {
                #expect(abs(block.d * Float(block.qs[j]) - xs[j]) <= abs(block.d) * 0.5001)
                #expect(block.qs[j] >= -127)
            }
            for g in 0..<16 {
                let sum = block.qs[(16 * g)..<(16 * g + 16)].reduce(0) { $0 + Int($1) }
                #expect(Int(block.bsums[g]) == sum, "block \(b) bsums[\(g)]")
            }
        }
    }

    @Test func zeroBlockIsAllZero() {
        let blocks = quantize([Float](repeating: 0, count: 256))
        #expect(blocks[0].d == 0)
        #expect(blocks[0].qs.allSatisfy { $0 == 0 })
        #expect(blocks[0].bsums.allSatisfy { $0 == 0 })
    }
}
