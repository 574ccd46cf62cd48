/// Products of several weight matrices with the same activations (Q, K and V of attention; the
/// gate and up projections of a feed-forward block) as one job: the activations are quantized
/// once and the tasks of all matrices share one dispatch of the pool. Each output element is the
/// same dot product, in the same order, as `multiply` computes for one matrix.
extension MatMul {
    /// outs[i] = x · ws[i]ᵀ for the (up to 3) pairs given; `w1`/`out1` and `w2`/`out2` may be nil.
    ///
    /// - Parameters:
    ///   - x: the activations, [n, cols] row-major (every matrix has `cols` columns).
    ///   - outs: out_i is [n, w_i.rows] row-major.
    package func multiply(
        _ w0: WeightMatrix, _ out0: UnsafeMutablePointer<Float>,
        _ w1: WeightMatrix, _ out1: UnsafeMutablePointer<Float>,
        _ w2: WeightMatrix? = nil, _ out2: UnsafeMutablePointer<Float>? = nil,
        x: UnsafePointer<Float>, n: Int
    ) {
        guard n > 0 else { return }
        let third: (WeightMatrix, UnsafeMutablePointer<Float>)? = w2.flatMap { w in out2.map { (w, $0) } }
        let fusable = w1.type == w0.type && w1.cols == w0.cols && w0.rows > 0 && w1.rows > 0
            && (third.map { $0.0.type == w0.type && $0.0.cols == w0.cols && $0.0.rows > 0 } ?? true)
        guard fusable else {
            multiply(w0, x, n: n, out0)
            multiply(w1, x, n: n, out1)
            if let (w, out) = third { multiply(w, x, n: n, out) }
            return
        }
        func open<K: QuantKernel>(_: K.Type) { fused(K.self, w0, out0, w1, out1, third, x, n) }
        open(w0.kernel)
    }

    /// The fused job for kernel K: tasks [0, s0) go to w0, then w1, then w2.
    private func fused<K: QuantKernel>(
        _: K.Type, _ w0: WeightMatrix, _ out0: UnsafeMutablePointer<Float>,
        _ w1: WeightMatrix, _ out1: UnsafeMutablePointer<Float>,
        _ third: (WeightMatrix, UnsafeMutablePointer<Float>)?, _ x: UnsafePointer<Float>, _ n: Int
    ) {
        let (activations, scales) = quantize(K.Activation.self, x, n, w0.cols)
        let aRowBytes = K.Activation.type.rowBytes(w0.cols) ?? 0
        let threads = pool.threadCount
        @inline(__always) func part(_ w: WeightMatrix, _ out: UnsafeMutablePointer<Float>) -> ProductPart {
            ProductPart(w: w, split: Split(rows: w.rows, cols: w.cols, n: n, threads: threads), out: out)
        }
        let job = ProductJob(kernel: K.self, first: part(w0, out0), second: part(w1, out1),
                             third: third.map { part($0.0, $0.1) },
                             activations: activations, aRowBytes: aRowBytes, scales: scales, n: n)
        pool.run(job.taskCount, job)
    }
}
