import Engine
import Foundation
import Testing

/// Q4_K products round as llama.cpp's AVX2 repack kernels do (`ggml_gemm_q4_K_8x8_q8_K` for the
/// first n − n % 4 tokens of a batch, `ggml_gemv_q4_K_8x8_q8_K` for the rest), checked bit for bit
/// against a scalar transcription of their arithmetic.
@Suite struct Q4_KRepackTests {
    static let pool = ThreadPool(threads: 2)

    /// Random Q4_K weights [rows, cols] (every byte pattern) and f32 activations [n, cols].
    static func operands(rows: Int, cols: Int, n: Int, seed: UInt64) -> (w: [UInt8], x: [Float]) {
        var rng = SplitMix64(seed: seed)
        let w = KQuantFixture.randomBlocks(Q4_KKernel.self, blocks: rows * cols / 256, halfOffsets: [0, 2], using: &rng)
        let x = (0..<(n * cols)).map { _ in Float.random(in: -2...2, using: &rng) }
        return (w, x)
    }

    /// out[t·rows + r] by the scalar transcription: integer sums per pair of sub-blocks, then
    /// fma(f32(Σ), d·d_a, acc) per pair (gemm) or per super-block (gemv); result acc − acc_min.
    static func reference(_ w: [UInt8], rows: Int, cols: Int, _ x: [Float], n: Int, allGemv: Bool = false) -> [Float] {
        let blocks = cols / 256
        var a = [UInt8](repeating: 0, count: n * blocks * 292)
        x.withUnsafeBufferPointer { xb in
            a.withUnsafeMutableBytes { ab in
                for t in 0..<n {
                    Q8_KActivation.quantize(xb.baseAddress! + t * cols, ab.baseAddress! + t * blocks * 292, cols)
                }
            }
        }
        func half(_ bytes: [UInt8], _ o: Int) -> Float {
            Float(Float16(bitPattern: UInt16(bytes[o]) | UInt16(bytes[o + 1]) << 8))
        }
        func int16(_ o: Int) -> Int { Int(Int16(bitPattern: UInt16(a[o]) | UInt16(a[o + 1]) << 8)) }
        var out = [Float](repeating: 0, count: n * rows)
        for t in 0..<n {
            let gemm = !allGemv && t < n - n % 4
            for r in 0..<rows {
                var acc: Float = 0, accMin: Float = 0
                for b in 0..<blocks {
                    let wb = (r * blocks + b) * 144, ab = (t * blocks + b) * 292
                    let da = Float(bitPattern: UInt32(a[ab]) | UInt32(a[ab + 1]) << 8 | UInt32(a[ab + 2]) << 16
                        | UInt32(a[ab + 3]) << 24)
                    let ds = half(w, wb) * da, ms = half(w, wb + 2) * da
                    let q = Array(w[(wb + 4)..<(wb + 16)])
                    var sc = [Int](repeating: 0, count: 8), mn = [Int](repeating: 0, count: 8)
                    for j in 0..<8 {
                        if j < 4 {
                            sc[j] = Int(q[j] & 63); mn[j] = Int(q[j + 4] & 63)
                        } else {
                            sc[j] = Int(q[j + 4] & 0xF) | Int(q[j - 4] >> 6) << 4
                            mn[j] = Int(q[j + 4] >> 4) | Int(q[j] >> 6) << 4
                        }
                    }
                    var isumBlock = 0, iminBlock = 0
                    for c in 0..<4 {
                        var lo = 0, hi = 0
                        for l in 0..<32 {
                            let byte = w[wb + 16 + 32 * c + l]
                            lo += Int(byte & 0xF) * Int(Int8(bitPattern: a[ab + 4 + 64 * c + l]))
                            hi += Int(byte >> 4) * Int(Int8(bitPattern: a[ab + 4 + 64 * c + 32 + l]))
                        }
                        let isum = sc[2 * c] * lo + sc[2 * c + 1] * hi
                        let bs = (0..<4).map { int16(ab + 260 + 2 * (4 * c + $0)) }
                        let imin = mn[2 * c] * (bs[0] + bs[1]) + mn[2 * c + 1] * (bs[2] + bs[3])
                        if gemm {
                            acc = acc.addingProduct(Float(isum), ds)
                            accMin = accMin.addingProduct(Float(imin), ms)
                        } else {
                            isumBlock += isum
                            iminBlock += imin
                        }
                    }
                    if !gemm {
                        acc = acc.addingProduct(Float(isumBlock), ds)
                        accMin = accMin.addingProduct(Float(iminBlock), ms)
                    }
                }
                out[t * rows + r] = acc - accMin
            }
        }
        return out
    }

    #if arch(x86_64)
    @Test(arguments: [(rows: 16, n: 7), (rows: 24, n: 1), (rows: 40, n: 70)])
    func productMatchesRepackArithmeticBitForBit(_ shape: (rows: Int, n: Int)) throws {
        let cols = 768
        let (w, x) = Self.operands(rows: shape.rows, cols: cols, n: shape.n, seed: UInt64(shape.rows * 1000 + shape.n))
        let ours = try KQuantFixture.product(.q4_K, w, rows: shape.rows, cols: cols, x, n: shape.n, pool: Self.pool)
        let expected = Self.reference(w, rows: shape.rows, cols: cols, x, n: shape.n)
        let differing = zip(ours, expected).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(differing == 0, "\(differing) of \(ours.count) outputs differ")
        // The two roundings really differ on these operands, so the gemm/gemv choice is tested.
        if shape.n >= 4 {
            let asGemv = Self.reference(w, rows: shape.rows, cols: cols, x, n: shape.n, allGemv: true)
            #expect(zip(asGemv, expected).contains { $0.bitPattern != $1.bitPattern })
        }
    }
    #endif
}
