import Foundation

/// Causal multi-head attention of a batch of queries over the KV cache, with grouped KV heads,
/// an optional sliding window and optional logit soft-capping.
struct Attention {
    let headCount: Int
    let headCountKV: Int
    let headDim: Int
    /// Multiplies q·k (1/√head_dim unless the architecture says otherwise).
    let scale: Float
    /// Soft-capping of attention logits: cap·tanh(s/cap) (0 = off).
    let softcap: Float

    /// out[i] = softmax(q[i]·Kᵀ)·V over positions [lo, position + i], for every query head.
    ///
    /// - Parameters:
    ///   - q: [n, headCount × headDim] queries, already rotated.
    ///   - out: [n, headCount × headDim].
    ///   - window: the sliding window of this layer (nil = attend to every earlier position).
    ///   - scores: per pool thread a row of at least `cache.capacity` floats ([threads, scoreStride]).
    func run(
        q: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>, n: Int, position: Int,
        layer: Int, cache: KVCache, window: Int?, pool: ThreadPool,
        scores: UnsafeMutablePointer<Float>, scoreStride: Int
    ) {
        let qWidth = headCount * headDim
        let group = headCount / headCountKV
        let tasks = n * headCount
        let threads = min(pool.threadCount, tasks)
        pool.run(threads) { thread in
            let s = scores + thread * scoreStride
            var task = thread
            while task < tasks {
                let i = task / headCount
                let h = task % headCount
                let p = position + i
                let lo = window.map { max(0, p - $0 + 1) } ?? 0
                let qh = q + i * qWidth + h * headDim
                let kvOffset = (h / group) * headDim
                let m = p - lo + 1
                for t in 0..<m {
                    var v = VectorOps.dot(qh, cache.key(layer, lo + t) + kvOffset, headDim) * scale
                    if softcap > 0 { v = softcap * tanhf(v / softcap) }
                    s[t] = v
                }
                VectorOps.softmax(s, m)
                let o = out + i * qWidth + h * headDim
                o.update(repeating: 0, count: headDim)
                for t in 0..<m {
                    VectorOps.axpy(s[t], cache.value(layer, lo + t) + kvOffset, o, headDim)
                }
                task += threads
            }
        }
    }
}
