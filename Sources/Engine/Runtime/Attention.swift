import Foundation

/// Causal multi-head attention of a batch of queries over the KV cache, with grouped KV heads,
/// an optional sliding window and optional logit soft-capping.
///
/// It computes what llama.cpp's CPU graph computes without flash attention, operation for
/// operation, so that our logits agree with the reference implementation's.
package struct Attention {
    let headCount: Int
    let headCountKV: Int
    let headDim: Int
    /// Multiplies q·k (1/√head_dim unless the architecture says otherwise).
    let scale: Float
    /// Soft-capping of attention logits: cap·tanh(s/cap) (0 = off).
    let softcap: Float
    /// Per-thread score, query and slot buffers, kept across calls.
    let scratch = AttentionScratch()
}

/// The working memory of `Attention.run`, one region per pool thread, grown when the cache is
/// larger than any seen before and otherwise reused (no allocation per token).
final class AttentionScratch {
    private var base: UnsafeMutableRawPointer?
    private var threads = 0
    private var capacity = 0
    private var headDim = 0

    deinit { base?.deallocate() }

    /// Bytes of one thread's region: scores [capacity + 8] f32, slots [32, hd] f32, q [hd] f16.
    private static func stride(_ capacity: Int, _ hd: Int) -> Int {
        ((capacity + 8) * 4 + 32 * hd * 4 + hd * 2 + 63) / 64 * 64
    }

    /// Makes room for `threads` regions for a cache of `capacity` positions and head size `hd`;
    /// returns the memory to pass to `buffers`.
    func reserve(threads: Int, capacity: Int, headDim hd: Int) -> UnsafeMutableRawPointer {
        if let base, threads <= self.threads, capacity <= self.capacity, hd == headDim { return base }
        base?.deallocate()
        self.threads = Swift.max(threads, self.threads)
        self.capacity = Swift.max(capacity, self.capacity)
        headDim = hd
        let memory = UnsafeMutableRawPointer.allocate(
            byteCount: self.threads * Self.stride(self.capacity, hd), alignment: 64)
        base = memory
        return memory
    }

    /// Thread `thread`'s buffers inside `base` (what `reserve` returned).
    func buffers(_ base: UnsafeMutableRawPointer, _ thread: Int)
        -> (scores: UnsafeMutablePointer<Float>, slots: UnsafeMutablePointer<Float>, q16: UnsafeMutablePointer<Float16>) {
        let region = base + thread * Self.stride(capacity, headDim)
        let scores = region.bindMemory(to: Float.self, capacity: capacity + 8)
        let slots = (region + (capacity + 8) * 4).bindMemory(to: Float.self, capacity: 32 * headDim)
        let q16 = (region + (capacity + 8) * 4 + 32 * headDim * 4).bindMemory(to: Float16.self, capacity: headDim)
        return (scores, slots, q16)
    }
}

extension Attention {
    /// out[i] = softmax(q[i]·Kᵀ·scale)·V over positions [lo, position + i], for every query head:
    /// KQ = K·f16(q) in tinyBLAS order, softmax with ggml's exp and summation, then V·f16(p) also in
    /// tinyBLAS order (lane t mod 8, fused multiply-adds, `hsum`), as ggml's mul_mat of the transposed
    /// V cache by f16(p) does (checked tensor by tensor against llama.cpp's graph: bit-identical).
    ///
    /// - Parameters:
    ///   - q: [n, headCount × headDim] queries, already rotated.
    ///   - out: [n, headCount × headDim].
    ///   - window: the sliding window of this layer (nil = attend to every earlier position).
    func run(
        q: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>, n: Int, position: Int,
        layer: Int, cache: KVCache, window: Int?, pool: ThreadPool
    ) {
        let qWidth = headCount * headDim
        let group = headCount / headCountKV
        let hd = headDim
        let tasks = n * headCount
        let threads = min(pool.threadCount, tasks)
        let capacity = cache.capacity
        let scratch = self.scratch
        let memory = scratch.reserve(threads: threads, capacity: capacity, headDim: hd)
        pool.run(threads) { thread in
            let (scores, slots, q16) = scratch.buffers(memory, thread)  // [capacity + 8], [32, hd], [hd]
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
                    let v = TinyBLAS.dot(cache.key(layer, lo + t) + kvOffset, q16, hd) * scale
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
                slots.update(repeating: 0, count: 8 * hd)
                for t in 0..<m {
                    let pr = Float(Float16(scores[t] * inv))
                    let v = cache.value(layer, lo + t) + kvOffset
                    let slot = slots + ((lo + t) % 8) * hd
                    for d in 0..<hd { slot[d] = slot[d].addingProduct(Float(v[d]), pr) }
                }
                let o = out + i * qWidth + h * hd
                for d in 0..<hd {
                    var x = SIMD8<Float>()
                    for l in 0..<8 { x[l] = slots[l * hd + d] }
                    o[d] = TinyBLAS.hsum(x)
                }
                task += threads
            }
        }
    }
}
