import Engine
import Foundation
import Testing

/// Q6_K products round as llama.cpp's CPU backend does: `ggml_vec_dot_q6_K_q8_K` per (row, token)
/// below 8 tokens, its tiled K-quant matmul from 8 tokens on (per super-block the exact integer
/// S = Σ sc·(q − 32)·a, then acc = fma(d_w·f32(S), d_a, acc)). Checked bit for bit against a scalar
/// transcription of each; the real-model check is ModelReferenceTests (Gemma 3's Q6_K ffn_down).
@Suite struct Q6_KTiledTests {
    static let pool = ThreadPool(threads: 2)

    static func operands(rows: Int, cols: Int, n: Int, seed: UInt64) -> (w: [UInt8], x: [Float]) {
        var rng = SplitMix64(seed: seed)
        let w = KQuantFixture.randomBlocks(Q6_KKernel.self, blocks: rows * cols / 256, halfOffsets: [208], using: &rng)
        let x = (0..<(n * cols)).map { _ in Float.random(in: -2...2, using: &rng) }
        return (w, x)
    }

    /// out[t·rows + r] in the tiled kernel's arithmetic, from the bytes (no engine code but Q8_K quantization).
    static func tiledReference(_ w: [UInt8], rows: Int, cols: Int, _ x: [Float], n: Int) -> [Float] {
        let blocks = cols / 256
        var a = [UInt8](repeating: 0, count: n * blocks * 292)
        x.withUnsafeBufferPointer { xb in
            a.withUnsafeMutableBytes { ab in
                for t in 0..<n { Q8_KActivation.quantize(xb.baseAddress! + t * cols, ab.baseAddress! + t * blocks * 292, cols) }
            }
        }
        var out = [Float](repeating: 0, count: n * rows)
        for t in 0..<n {
            for r in 0..<rows {
                var acc: Float = 0
                for b in 0..<blocks {
                    let wb = (r * blocks + b) * 210, ab = (t * blocks + b) * 292
                    var total = 0
                    for j in 0..<256 {
                        // weight j: half h, position k in the half, lane l, part p (which nibble / qh bits)
                        let h = j / 128, k = j % 128, l = k % 32, p = k / 32
                        let low = w[wb + 64 * h + l + (p & 1) * 32]
                        let nibble = Int(p < 2 ? low & 0xF : low >> 4)
                        let high = Int((w[wb + 128 + 32 * h + l] >> (2 * p)) & 3)
                        let q = nibble | high << 4
                        let sc = Int(Int8(bitPattern: w[wb + 192 + j / 16]))
                        total += sc * (q - 32) * Int(Int8(bitPattern: a[ab + 4 + j]))
                    }
                    let dw = Float(Float16(bitPattern: UInt16(w[wb + 208]) | UInt16(w[wb + 209]) << 8))
                    let da = Float(bitPattern: UInt32(a[ab]) | UInt32(a[ab + 1]) << 8 | UInt32(a[ab + 2]) << 16
                        | UInt32(a[ab + 3]) << 24)
                    acc = acc.addingProduct(dw * Float(total), da)
                }
                out[t * rows + r] = acc
            }
        }
        return out
    }

    /// The per-row kernel's results (`Q6_KKernel.dot`, ggml's vec_dot lanes).
    static func rowKernel(_ w: [UInt8], rows: Int, cols: Int, _ x: [Float], n: Int) -> [Float] {
        let blocks = cols / 256
        var a = [UInt8](repeating: 0, count: n * blocks * 292)
        var out = [Float](repeating: 0, count: n * rows)
        x.withUnsafeBufferPointer { xb in
            a.withUnsafeMutableBytes { ab in
                for t in 0..<n { Q8_KActivation.quantize(xb.baseAddress! + t * cols, ab.baseAddress! + t * blocks * 292, cols) }
                w.withUnsafeBytes { wp in
                    for t in 0..<n {
                        for r in 0..<rows {
                            out[t * rows + r] = Q6_KKernel.dot(wp.baseAddress! + r * blocks * 210,
                                                               UnsafeRawPointer(ab.baseAddress! + t * blocks * 292), cols)
                        }
                    }
                }
            }
        }
        return out
    }

    @Test(arguments: [1, 7, 8, 19])
    func batchRoundsAsLlamaCpp(_ n: Int) throws {
        let rows = 24, cols = 768
        let (w, x) = Self.operands(rows: rows, cols: cols, n: n, seed: UInt64(100 + n))
        let ours = try KQuantFixture.product(.q6_K, w, rows: rows, cols: cols, x, n: n, pool: Self.pool)
        let tiled = Self.tiledReference(w, rows: rows, cols: cols, x, n: n)
        let perRow = Self.rowKernel(w, rows: rows, cols: cols, x, n: n)
        let expected = n >= 8 ? tiled : perRow
        let differing = zip(ours, expected).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(differing == 0, "\(differing) of \(ours.count) outputs differ from llama.cpp's rounding at \(n) tokens")
        // The two roundings really differ on these operands, so the switch at 8 tokens is tested.
        #expect(zip(tiled, perRow).contains { $0.bitPattern != $1.bitPattern })
    }
}
