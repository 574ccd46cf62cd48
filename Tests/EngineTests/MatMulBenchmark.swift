import Engine
import Foundation
import Testing

/// Throughput of `MatMul.multiply` on SmolLM2's FFN shape, run by hand:
/// `KERNEL_BENCH=1 swift test -c release --filter EngineTests.MatMulBenchmark`
/// (optional `KERNEL_BENCH_THREADS`, `KERNEL_BENCH_ROWS`, `KERNEL_BENCH_COLS`; default 2 threads, 1536 × 576).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["KERNEL_BENCH"] != nil))
struct MatMulBenchmark {
    @Test(arguments: [GGMLType.q4_1, .q8_0, .q4_0, .q5_0, .q5_1])
    func multiply(_ type: GGMLType) throws {
        let threads = Int(ProcessInfo.processInfo.environment["KERNEL_BENCH_THREADS"] ?? "") ?? 2
        let rows = Int(ProcessInfo.processInfo.environment["KERNEL_BENCH_ROWS"] ?? "") ?? 1536
        let cols = Int(ProcessInfo.processInfo.environment["KERNEL_BENCH_COLS"] ?? "") ?? 576
        let pool = ThreadPool(threads: threads)
        defer { pool.shutdown() }
        let matmul = MatMul(pool: pool)
        let quantizer = try #require(KernelTable.quantizer(for: type))
        let rowBytes = try #require(type.rowBytes(cols))
        let wf = (0..<(rows * cols)).map { 0.1 + 2 * cos(Float($0)) }
        var wq = [UInt8](repeating: 0, count: rows * rowBytes)
        wf.withUnsafeBufferPointer { src in
            wq.withUnsafeMutableBytes { dst in
                for r in 0..<rows { quantizer(src.baseAddress! + r * cols, dst.baseAddress! + r * rowBytes, cols) }
            }
        }
        for n in [1, 512] {
            let x = (0..<(n * cols)).map { sin(Float($0)) }
            var out = [Float](repeating: 0, count: n * rows)
            let iterations = Swift.max(1, (n == 1 ? 400 : 4) * 884_736 / (rows * cols))
            let seconds = try wq.withUnsafeBytes { wp in
                let w = try WeightMatrix(type: type, data: wp.baseAddress!, rows: rows, cols: cols)
                return x.withUnsafeBufferPointer { xp in
                    out.withUnsafeMutableBufferPointer { op in
                        matmul.multiply(w, xp.baseAddress!, n: n, op.baseAddress!)
                        // Best of 5 rounds: other processes share the machine.
                        var best = Double.infinity
                        for _ in 0..<5 {
                            let start = DispatchTime.now().uptimeNanoseconds
                            for _ in 0..<iterations { matmul.multiply(w, xp.baseAddress!, n: n, op.baseAddress!) }
                            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(iterations)
                            best = Swift.min(best, elapsed)
                        }
                        return best
                    }
                }
            }
            let gflops = 2 * Double(rows * cols * n) / seconds / 1e9
            let gbps = Double(rows * rowBytes) / seconds / 1e9
            print("BENCH \(type.name) threads=\(threads) \(cols)x\(rows) n=\(n): \(String(format: "%.1f", seconds * 1e6)) µs, "
                + "\(String(format: "%.1f", gflops)) GFLOP/s, weights \(String(format: "%.1f", gbps)) GB/s")
        }
    }

    @Test func poolRoundTrip() {
        let pool = ThreadPool(threads: 2)
        defer { pool.shutdown() }
        let slots = UnsafeMutablePointer<Int>.allocate(capacity: 8)
        defer { slots.deallocate() }
        slots.initialize(repeating: 0, count: 8)
        var best = Double.infinity
        for _ in 0..<5 {
            let calls = 20_000
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<calls { pool.run(2) { slots[$0] &+= 1 } }
            best = Swift.min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(calls))
        }
        print("BENCH ThreadPool.run(2) with empty tasks: \(String(format: "%.2f", best)) µs per call")
    }
}
