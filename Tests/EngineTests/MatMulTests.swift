import Engine
import Foundation
import Testing

/// `MatMul.multiply` against per-element reference dots and a naive f32 product.
@Suite struct MatMulTests {
    static let pool = ThreadPool(threads: 2)

    /// A deterministic pseudo-random generator (tests must not depend on the run).
    struct Rng {
        var state: UInt64
        mutating func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)  // [-1, 1)
        }
    }

    static let types: [GGMLType] = [.f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0]

    @Test(arguments: types)
    func multiplyMatchesReference(_ type: GGMLType) throws {
        let kernel = try #require(KernelTable.kernel(for: type))
        let matmul = MatMul(pool: Self.pool)
        var rng = Rng(state: UInt64(type.rawValue) + 7)
        for (rows, cols, n) in [(37, 96, 1), (37, 96, 3), (66, 256, 17), (9, 64, 64), (130, 128, 70), (1, 32, 5), (4, 32, 1)] {
            try Self.check(kernel, rows: rows, cols: cols, n: n, matmul: matmul, rng: &rng)
        }
    }

    static func check<K: QuantKernel>(_: K.Type, rows: Int, cols: Int, n: Int, matmul: MatMul, rng: inout Rng) throws {
        let wf = (0..<(rows * cols)).map { _ in rng.next() }
        let x = (0..<(n * cols)).map { _ in rng.next() * 3 }
        let quantizer = try #require(KernelTable.quantizer(for: K.type))
        let rowBytes = try #require(K.type.rowBytes(cols))
        var wq = [UInt8](repeating: 0, count: rows * rowBytes)
        wf.withUnsafeBufferPointer { src in
            wq.withUnsafeMutableBytes { dst in
                for r in 0..<rows { quantizer(src.baseAddress! + r * cols, dst.baseAddress! + r * rowBytes, cols) }
            }
        }
        var out = [Float](repeating: .nan, count: n * rows)
        try wq.withUnsafeBytes { wp in
            let w = try WeightMatrix(type: K.type, data: wp.baseAddress!, rows: rows, cols: cols)
            x.withUnsafeBufferPointer { xp in
                out.withUnsafeMutableBufferPointer { matmul.multiply(w, xp.baseAddress!, n: n, $0.baseAddress!) }
            }
        }
        // Reference 1: the scalar reference dot with the same activation quantization.
        let aRowBytes = try #require(K.Activation.type.rowBytes(cols))
        var qa = [UInt8](repeating: 0, count: n * aRowBytes)
        x.withUnsafeBufferPointer { xp in
            qa.withUnsafeMutableBytes { dst in
                for t in 0..<n { K.Activation.quantize(xp.baseAddress! + t * cols, dst.baseAddress! + t * aRowBytes, cols) }
            }
        }
        // Reference 2: dequantized weights times the f32 activations.
        var wd = [Float](repeating: 0, count: rows * cols)
        wq.withUnsafeBytes { wp in
            wd.withUnsafeMutableBufferPointer { dst in
                for r in 0..<rows { K.dequantizeReference(wp.baseAddress! + r * rowBytes, dst.baseAddress! + r * cols, cols) }
            }
        }
        var worst: Float = 0, worstNaive: Float = 0
        for t in 0..<n {
            for r in 0..<rows {
                let ref = wq.withUnsafeBytes { wp in
                    qa.withUnsafeBytes { K.dotReference(wp.baseAddress! + r * rowBytes, $0.baseAddress! + t * aRowBytes, cols) }
                }
                var naive: Float = 0, magnitude: Float = 0
                for c in 0..<cols {
                    naive += wd[r * cols + c] * x[t * cols + c]
                    magnitude += abs(wd[r * cols + c] * x[t * cols + c])
                }
                let got = out[t * rows + r]
                worst = max(worst, abs(got - ref) / magnitude)
                worstNaive = max(worstNaive, abs(got - naive) / magnitude)
            }
        }
        #expect(worst <= 1e-5, "\(K.type.name) [\(rows)×\(cols)] n=\(n): vs reference dot \(worst)")
        #expect(worstNaive <= 0.02, "\(K.type.name) [\(rows)×\(cols)] n=\(n): vs f32 \(worstNaive)")
    }

    @Test func unsupportedTypesAndBadShapesThrow() {
        let bytes = [UInt8](repeating: 0, count: 64)
        bytes.withUnsafeBytes { p in
            #expect(throws: KernelError.unsupportedType(.iq2_xxs)) {
                try WeightMatrix(type: .iq2_xxs, data: p.baseAddress!, rows: 1, cols: 256)
            }
            #expect(throws: KernelError.badRowLength(.q4_0, cols: 48)) {
                try WeightMatrix(type: .q4_0, data: p.baseAddress!, rows: 1, cols: 48)
            }
            #expect(throws: KernelError.badShape(rows: -1, cols: 32)) {
                try WeightMatrix(type: .f32, data: p.baseAddress!, rows: -1, cols: 32)
            }
        }
    }
}

/// The thread pool runs every task exactly once, for many tiny jobs in a row.
@Suite struct ThreadPoolTests {
    @Test(arguments: [1, 2, 3])
    func everyTaskRunsOnce(_ threads: Int) {
        let pool = ThreadPool(threads: threads)
        defer { pool.shutdown() }
        #expect(pool.threadCount == threads)
        let slots = UnsafeMutablePointer<Int>.allocate(capacity: 64)
        defer { slots.deallocate() }
        for round in 0..<20_000 {
            let count = round % 17
            slots.initialize(repeating: 0, count: 64)
            pool.run(count) { slots[$0] += 1 }
            var ok = true
            for i in 0..<64 where slots[i] != (i < count ? 1 : 0) { ok = false }
            if !ok {
                Issue.record("round \(round): tasks ran \(Array(UnsafeBufferPointer(start: slots, count: count)))")
                return
            }
        }
    }

    @Test func defaultSizeIsTheUsableCores() {
        #expect(CPUInfo.usableCores >= 1)
        #expect(CPUInfo.usableCores <= ProcessInfo.processInfo.activeProcessorCount)
    }
}

/// Workers really take tasks (the pool is not just running everything on the caller).
@Suite struct ThreadPoolParallelismTests {
    /// True when some of 8 slow tasks, run up to 200 times, ran on a worker thread.
    static func workersParticipate(_ pool: ThreadPool) -> Bool {
        let caller = pthread_self()
        let onWorker = UnsafeMutablePointer<Bool>.allocate(capacity: 8)
        defer { onWorker.deallocate() }
        for _ in 0..<200 {
            onWorker.initialize(repeating: false, count: 8)
            pool.run(8) { task in
                var x: UInt64 = 1
                for i in 0..<20_000 { x = x &* 6364136223846793005 &+ UInt64(i) }
                onWorker[task] = pthread_equal(pthread_self(), caller) == 0 && x != 0
            }
            if (0..<8).contains(where: { onWorker[$0] }) { return true }
        }
        return false
    }

    @Test func workersRunSomeOfTheTasks() {
        let pool = ThreadPool(threads: 2)
        defer { pool.shutdown() }
        #expect(Self.workersParticipate(pool))
    }

    @Test func parkedWorkersWakeUpForTheNextJob() {
        let pool = ThreadPool(threads: 2)
        defer { pool.shutdown() }
        pool.run(2) { _ in }
        usleep(300_000)  // longer than the spin phase: the worker is now asleep
        #expect(Self.workersParticipate(pool))
    }
}
