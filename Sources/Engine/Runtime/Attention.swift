import Foundation

/// Causal multi-head attention of a batch of queries over the KV cache, with grouped KV heads,
/// an optional sliding window and optional logit soft-capping.
///
/// It follows llama.cpp's CPU flash-attention kernel (`flash_attn_ext_f16`), the path llama.cpp
/// takes by default, so that results agree with it: Q is rounded to f16 (the type of the cache),
/// the softmax is computed online, and V·softmax accumulates in f16.
package struct Attention {
    nonisolated(unsafe) package static var unfusedDebug = false
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
    ///   - scores: per pool thread a row of at least `2 × headDim` floats ([threads, scoreStride]).
    func run(
        q: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>, n: Int, position: Int,
        layer: Int, cache: KVCache, window: Int?, pool: ThreadPool,
        scores: UnsafeMutablePointer<Float>, scoreStride: Int
    ) {
        if Attention.unfusedDebug {
            runUnfused(q: q, out: out, n: n, position: position, layer: layer, cache: cache, window: window, pool: pool)
            return
        }
        precondition(scoreStride >= 2 * headDim, "attention scratch holds q and the accumulator")
        let qWidth = headCount * headDim
        let group = headCount / headCountKV
        let tasks = n * headCount
        let threads = min(pool.threadCount, tasks)
        let hd = headDim
        pool.run(threads) { thread in
            let qh16 = scores + thread * scoreStride  // [head_dim] q rounded to f16
            let acc = qh16 + hd  // [head_dim] the V accumulator, rounded to f16 at every step
            var task = thread
            while task < tasks {
                let i = task / headCount
                let h = task % headCount
                let p = position + i
                let lo = window.map { max(0, p - $0 + 1) } ?? 0
                let qh = q + i * qWidth + h * hd
                for d in 0..<hd { qh16[d] = Float(Float16(qh[d])) }
                let kvOffset = (h / group) * hd
                acc.update(repeating: 0, count: hd)
                var maxScore = -Float.infinity
                var sum: Float = 0
                for t in lo...p {
                    var s = VectorOps.dot(qh16, cache.key(layer, t) + kvOffset, hd) * scale
                    if softcap > 0 { s = softcap * tanhf(s / softcap) }
                    var ms: Float = 1, vs: Float = 1
                    if s > maxScore {
                        ms = expf(maxScore - s)
                        maxScore = s
                        VectorOps.scaleRoundingToHalf(acc, ms, hd)
                    } else {
                        vs = expf(s - maxScore)
                    }
                    VectorOps.axpyRoundingToHalf(vs, cache.value(layer, t) + kvOffset, acc, hd)
                    sum = sum * ms + vs
                }
                let o = out + i * qWidth + h * hd
                let inv = 1 / sum
                for d in 0..<hd { o[d] = acc[d] * inv }
                task += threads
            }
        }
    }
}

extension Attention {
    /// llama.cpp's non-flash attention, operation for operation: KQ = K·f16(q) in ggml's f16 dot
    /// order, softmax(KQ·scale) with ggml's exp and summation, then V·f16(p) accumulated per
    /// position slot (t mod 32) as the f16 dot over the transposed V cache does.
    func runUnfused(
        q: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>, n: Int, position: Int,
        layer: Int, cache: KVCache, window: Int?, pool: ThreadPool
    ) {
        let qWidth = headCount * headDim
        let group = headCount / headCountKV
        let hd = headDim
        let tasks = n * headCount
        let threads = min(pool.threadCount, tasks)
        let capacity = cache.capacity
        pool.run(threads) { thread in
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: capacity + 8)
            let q16 = UnsafeMutablePointer<Float16>.allocate(capacity: hd)
            let slots = UnsafeMutablePointer<Float>.allocate(capacity: 32 * hd)  // [32, hd]
            defer { scores.deallocate(); q16.deallocate(); slots.deallocate() }
            var task = thread
            while task < tasks {
                let i = task / headCount, h = task % headCount, p = position + i
                let lo = window.map { max(0, p - $0 + 1) } ?? 0
                let qh = q + i * qWidth + h * hd
                for d in 0..<hd { q16[d] = Float16(qh[d]) }
                let kvOffset = (h / group) * hd
                let m = p - lo + 1
                var mx = -Float.infinity
                for t in 0..<m {
                    let v = GGMLDot.dot(cache.key(layer, lo + t) + kvOffset, q16, hd) * scale
                    scores[t] = v
                    if v > mx { mx = v }
                }
                // ggml_vec_soft_max_f32: 8-lane chunks, each reduced then summed in double.
                var sum = 0.0
                var t = 0
                while t < m {
                    var chunk = SIMD8<Float>()
                    for l in 0..<8 where t + l < m {
                        let e = GGMLMath.exp(scores[t + l] - mx)
                        scores[t + l] = e
                        chunk[l] = e
                    }
                    sum += Double(GGMLDot.reduce8(chunk))
                    t += 8
                }
                let inv = Float(1.0 / sum)
                slots.update(repeating: 0, count: 32 * hd)
                for t in 0..<m {
                    let pr = Float(Float16(scores[t] * inv))
                    let v = cache.value(layer, lo + t) + kvOffset
                    let slot = slots + ((lo + t) % 32) * hd
                    for d in 0..<hd { slot[d] = slot[d].addingProduct(Float(v[d]), pr) }
                }
                let o = out + i * qWidth + h * hd
                for d in 0..<hd {
                    var x = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
                    for l in 0..<8 {
                        x.0[l] = slots[l * hd + d]
                        x.1[l] = slots[(8 + l) * hd + d]
                        x.2[l] = slots[(16 + l) * hd + d]
                        x.3[l] = slots[(24 + l) * hd + d]
                    }
                    o[d] = GGMLDot.reduce(x.0, x.1, x.2, x.3)
                }
                task += threads
            }
        }
    }
}
