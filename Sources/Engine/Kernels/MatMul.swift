/// out = x · Wᵀ for GGUF weight matrices, on the thread pool.
///
/// One `MatMul` per inference thread: it owns the scratch buffer of quantized activations,
/// reused across calls (it grows to the largest [n, cols] seen, then never allocates again).
/// Each call quantizes the activations once (`K.Activation`, in parallel for large n), then
/// splits [rows × tokens] into tasks. The weight type's existential is opened once per call,
/// so the loops run specialized per kernel.
package final class MatMul {
    /// The pool the products run on.
    package let pool: ThreadPool
    private var scratch: UnsafeMutableRawPointer?
    private var scratchBytes = 0
    /// The activation block scales as f32, [2][blocks, n] (d then s).
    private var scales: UnsafeMutablePointer<Float>?
    private var scalesCount = 0

    /// Tokens per task: a multiple of the 8-token tile.
    static let tokenBlock = 64
    /// Integer multiply-adds below which a task is not worth handing to another thread.
    static let minTaskWork = 1 << 16

    package init(pool: ThreadPool) {
        self.pool = pool
    }

    deinit {
        scratch?.deallocate()
        scales?.deallocate()
    }

    /// out[t·rows + r] = Σ_c w[r, c] · x[t·cols + c] for t < n, r < w.rows.
    ///
    /// - Parameters:
    ///   - w: the weights, [rows, cols].
    ///   - x: the activations, [n, cols] row-major.
    ///   - n: the number of tokens.
    ///   - out: the result, [n, rows] row-major.
    package func multiply(_ w: WeightMatrix, _ x: UnsafePointer<Float>, n: Int, _ out: UnsafeMutablePointer<Float>) {
        guard n > 0, w.rows > 0 else { return }
        func open<K: QuantKernel>(_ kernel: K.Type) { multiply(K.self, w, x, n, out) }
        open(w.kernel)
    }

    /// `multiply` for kernel K (runs unspecialized: K is only known at run time, so the
    /// per-task loops live in `MatMulKernel.multiplyTask`, dispatched once per task).
    private func multiply<K: QuantKernel>(_: K.Type, _ w: WeightMatrix, _ x: UnsafePointer<Float>, _ n: Int,
                                          _ out: UnsafeMutablePointer<Float>) {
        let (activations, scales) = quantize(K.Activation.self, x, n, w.cols)
        let aRowBytes = K.Activation.type.rowBytes(w.cols) ?? 0
        let split = Split(rows: w.rows, cols: w.cols, n: n, threads: pool.threadCount)
        let job = ProductJob(kernel: K.self, first: ProductPart(w: w, split: split, out: out), second: nil, third: nil,
                             activations: activations, aRowBytes: aRowBytes, scales: scales, n: n)
        pool.run(job.taskCount, job)
    }

    /// How one product's [rows × tokens] is cut into tasks: row chunks of a multiple of the
    /// 4-row tile, times token blocks of a multiple of the 8-token tile.
    struct Split {
        let rows: Int
        let rowsPerChunk: Int
        let chunks: Int
        let tokensPerBlock: Int
        let tokenBlocks: Int
        var tasks: Int { chunks * tokenBlocks }

        init(rows: Int, cols: Int, n: Int, threads: Int) {
            let rowTile = 4
            let tokenBlocks = (n + MatMul.tokenBlock - 1) / MatMul.tokenBlock
            let work = rows * cols * n
            let wanted = Swift.max(1, Swift.min(threads * 4, work / MatMul.minTaskWork))
            let rowChunks = Swift.max(1, Swift.min((wanted + tokenBlocks - 1) / tokenBlocks, rows / rowTile))
            var rowsPerChunk = (rows + rowChunks - 1) / rowChunks
            rowsPerChunk = (rowsPerChunk + rowTile - 1) / rowTile * rowTile
            self.rows = rows
            self.rowsPerChunk = rowsPerChunk
            self.chunks = (rows + rowsPerChunk - 1) / rowsPerChunk
            self.tokensPerBlock = ((n + tokenBlocks - 1) / tokenBlocks + 7) / 8 * 8
            self.tokenBlocks = tokenBlocks
        }
    }

    /// Task `task` of `split`: its rows × tokens of out = x · wᵀ.
    @inline(__always)
    static func runTask<K: QuantKernel>(_: K.Type, _ w: WeightMatrix, _ split: Split, _ task: Int,
                                        _ activations: UnsafeRawPointer, _ aRowBytes: Int,
                                        _ scales: ActivationScales, _ n: Int, _ out: UnsafeMutablePointer<Float>) {
        let rows = w.rows, cols = w.cols
        let r0 = (task % split.chunks) * split.rowsPerChunk, r1 = Swift.min(rows, r0 + split.rowsPerChunk)
        let t0 = (task / split.chunks) * split.tokensPerBlock, t1 = Swift.min(n, t0 + split.tokensPerBlock)
        if let taskKernel = w.taskKernel {
            taskKernel.multiplyTask(w, r0..<r1, t0..<t1, activations, aRowBytes, scales, out)
        } else {
            for r in r0..<r1 {
                for t in t0..<t1 { out[t * rows + r] = K.dot(w.row(r), activations + t * aRowBytes, cols) }
            }
        }
    }

    /// The activations as `A` blocks (x itself for f32, else the scratch buffer, quantized once)
    /// and, for 8-bit blocks, their scales as f32.
    func quantize<A: ActivationQuantizer>(_: A.Type, _ x: UnsafePointer<Float>, _ n: Int, _ cols: Int)
        -> (UnsafeRawPointer, ActivationScales) {
        let blocks = cols / 32
        let scaleBuffer = scaleBuffer(A.type == .f32 ? 0 : 2 * blocks * n)
        let scales = ActivationScales(d: scaleBuffer, s: scaleBuffer + blocks * n, stride: n)
        if A.type == .f32 { return (UnsafeRawPointer(x), scales) }
        let rowBytes = A.type.rowBytes(cols) ?? 0
        let blockBytes = A.type.blockBytes
        let scratch = scratchBuffer(n * rowBytes)
        let perTask = Swift.max(1, (Self.minTaskWork / 4) / Swift.max(1, cols))
        let tasks = (n + perTask - 1) / perTask
        pool.run(tasks) { task in
            for t in (task * perTask)..<Swift.min(n, (task + 1) * perTask) {
                let row = scratch + t * rowBytes
                A.quantize(x + t * cols, row, cols)
                if A.type == .q8_0 || A.type == .q8_1 {
                    for b in 0..<blocks {
                        let block = row + b * blockBytes
                        let d = Half.load(block, 0)
                        scaleBuffer[b * n + t] = d
                        if A.type == .q8_1 {
                            scaleBuffer[(blocks + b) * n + t] = Half.load(block, 2)
                        } else {
                            let q = UnsafeRawPointer(block + 2).loadUnaligned(as: SIMD32<Int8>.self)
                            let sum = Int8Ops.pairSum(Int8Ops.maddubs(SIMD32<UInt8>(repeating: 1), q)).wrappedSum()
                            scaleBuffer[(blocks + b) * n + t] = d * Float(sum)
                        }
                    }
                }
            }
        }
        return (UnsafeRawPointer(scratch), scales)
    }

    /// The scale buffer, grown to at least `count` floats.
    private func scaleBuffer(_ count: Int) -> UnsafeMutablePointer<Float> {
        if let scales, scalesCount >= count { return scales }
        scales?.deallocate()
        let size = Swift.max(count, scalesCount * 2, 1024)
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: size)
        scales = buffer
        scalesCount = size
        return buffer
    }

    /// The scratch buffer, grown to at least `bytes` (64-byte aligned).
    private func scratchBuffer(_ bytes: Int) -> UnsafeMutableRawPointer {
        if let scratch, scratchBytes >= bytes { return scratch }
        scratch?.deallocate()
        let size = Swift.max(bytes, scratchBytes * 2, 4096)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        scratch = buffer
        scratchBytes = size
        return buffer
    }
}
