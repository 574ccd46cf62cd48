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
    /// Buffers of the single-token path (`runDecode`), kept across calls.
    let decodeScratch = DecodeAttentionScratch()
    /// Buffers of the batch path (`runBatch`), kept across calls.
    let batchScratch = BatchAttentionScratch()
}

extension Attention {
    /// out[i] = softmax(q[i]·Kᵀ·scale)·V over positions [lo, position + i], for every query head,
    /// as llama.cpp's non-flash graph computes it (checked tensor by tensor against llama.cpp's eval
    /// callback: bit-identical). K·f16(q) and V·f16(p) are ggml mul_mats of f16 rows: in a batch
    /// (n > 1) they run through tinyBLAS (one 8-lane accumulator, lane = cell mod 8, `hsum`); for a
    /// single token through `ggml_vec_dot_f16` (four accumulators, slot = cell mod 32). The softmax
    /// uses ggml's exp and its chunked double sum.
    ///
    /// - Parameters:
    ///   - q: [n, headCount × headDim] queries, already rotated.
    ///   - out: [n, headCount × headDim].
    ///   - window: the sliding window of this layer (nil = attend to every earlier position).
    func run(
        q: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>, n: Int, position: Int,
        layer: Int, cache: KVCache, window: Int?, pool: ThreadPool
    ) {
        if n == 1, decodeApplies(cacheWidth: cache.width) {
            runDecode(q: q, out: out, position: position, layer: layer, cache: cache, window: window, pool: pool)
            return
        }
        if n > 1, batchApplies(cacheWidth: cache.width) {
            runBatch(q: q, out: out, n: n, position: position, layer: layer, cache: cache, window: window, pool: pool)
            return
        }
        let qWidth = headCount * headDim
        let group = headCount / headCountKV
        let hd = headDim
        let tasks = n * headCount
        let threads = min(pool.threadCount, tasks)
        let capacity = cache.capacity
        let scratch = self.scratch
        let memory = scratch.reserve(threads: threads, capacity: capacity, headDim: hd)
        let ring = cache.slots[layer]
        let single = n == 1
        let lanes = single ? 32 : 8
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
                var t = 0
                if !single, hd % 8 == 0 {
                    // tinyBLAS dots of 8 keys at a time (each key its own accumulator, in its own
                    // order), q as the f32 values of its f16 rounding; `slots` is free until the V pass.
                    let qf = slots
                    for d in 0..<hd { qf[d] = Float(q16[d]) }
                    let keys = cache.keys + cache.offsets[layer] + kvOffset
                    var cell = lo % ring
                    while t + 8 <= m {
                        var rows = SIMD8<Int>()
                        for j in 0..<8 {
                            rows[j] = cell * cache.width
                            cell += 1
                            if cell == ring { cell = 0 }
                        }
                        let dots = Self.dots8(keys, rows, qf, hd)
                        for j in 0..<8 {
                            let v = dots[j] * scale
                            scores[t + j] = v
                            if v > mx { mx = v }
                        }
                        t += 8
                    }
                }
                while t < m {
                    let k = cache.key(layer, lo + t) + kvOffset
                    let dot = single ? GGMLDot.dot(k, q16, hd) : TinyBLAS.dot(k, q16, hd)
                    let v = dot * scale
                    scores[t] = v
                    if v > mx { mx = v }
                    t += 1
                }
                // llama.cpp (full-size SWA cache, its default) keeps position q in cell q and walks
                // cells in index order: positions in increasing order, chunks and lanes aligned on
                // the position, whatever slot of our ring holds them.
                let first = lo..<(p + 1)
                let second = lo..<lo
                // ggml_vec_soft_max_f32: 8-lane chunks aligned on the cell index (masked cells add
                // 0 lanes), each reduced in float, then summed in double in cell order.
                var sum = 0.0
                for r in 0..<2 {
                    let run = r == 0 ? first : second
                    var c = run.lowerBound - run.lowerBound % 8
                    while c < run.upperBound {
                        var chunk = SIMD8<Float>()
                        for l in 0..<8 where c + l >= run.lowerBound && c + l < run.upperBound {
                            let e = GGMLMath.exp(scores[c + l - lo] - mx)
                            scores[c + l - lo] = e
                            chunk[l] = e
                        }
                        sum += Double(GGMLDot.reduce8(chunk))
                        c += 8
                    }
                }
                let inv = Float(1.0 / sum)
                let values = cache.values + cache.offsets[layer] + kvOffset
                slots.update(repeating: 0, count: lanes * hd)
                for r in 0..<2 {
                    let run = r == 0 ? first : second
                    var cell = run.lowerBound % ring
                    var t = run.lowerBound
                    @inline(__always) func accumulate(until end: Int) {
                        while t < end {
                            let pr = Float(Float16(scores[t - lo] * inv))
                            let v = values + cell * cache.width
                            let slot = slots + (t % lanes) * hd
                            for d in 0..<hd { slot[d] = slot[d].addingProduct(Float(v[d]), pr) }
                            t += 1
                            cell += 1
                            if cell == ring { cell = 0 }
                        }
                    }
                    if lanes == 8, hd % 8 == 0 {
                        // Up to the first position of lane 0 (lane = position mod 8), then whole groups
                        // of 8 positions in consecutive slots (one per lane, no wrap of our ring) with
                        // the 8 lane accumulators of 8 dimensions held in registers.
                        accumulate(until: Swift.min(run.upperBound, t + (8 - t % 8) % 8))
                        let groups = Swift.min(run.upperBound - t, ring - cell) / 8
                        if groups > 0 {
                            for g in 0..<(8 * groups) {
                                scores[t + g - lo] = Float(Float16(scores[t + g - lo] * inv))
                            }
                            Self.accumulateGroups(values + cell * cache.width, cache.width, scores + (t - lo),
                                                  groups, slots, hd)
                            t += 8 * groups
                            cell += 8 * groups
                            if cell == ring { cell = 0 }
                        }
                    }
                    accumulate(until: run.upperBound)
                }
                let o = out + i * qWidth + h * hd
                if hd % 8 == 0 {
                    Self.reduceSlots(slots, lanes: lanes, hd: hd, into: o)
                } else {
                    for d in 0..<hd {
                        if single {
                            var x = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
                            for l in 0..<8 {
                                x.0[l] = slots[l * hd + d]
                                x.1[l] = slots[(8 + l) * hd + d]
                                x.2[l] = slots[(16 + l) * hd + d]
                                x.3[l] = slots[(24 + l) * hd + d]
                            }
                            o[d] = GGMLDot.reduce(x.0, x.1, x.2, x.3)
                        } else {
                            var x = SIMD8<Float>()
                            for l in 0..<8 { x[l] = slots[l * hd + d] }
                            o[d] = TinyBLAS.hsum(x)
                        }
                    }
                }
                task += threads
            }
        }
    }

    /// `TinyBLAS.dot` of 8 f16 keys (at `keys + rows[j]`) with the f32 query `q` (exact f16 values):
    /// lane j = key j · q, each with its own 8-lane accumulator, so the 8 chains run in parallel.
    @inline(__always)
    static func dots8(_ keys: UnsafePointer<Float16>, _ rows: SIMD8<Int>, _ q: UnsafePointer<Float>, _ hd: Int)
        -> SIMD8<Float> {
        let k0 = keys + rows[0], k1 = keys + rows[1], k2 = keys + rows[2], k3 = keys + rows[3]
        let k4 = keys + rows[4], k5 = keys + rows[5], k6 = keys + rows[6], k7 = keys + rows[7]
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
        var a4 = SIMD8<Float>(), a5 = SIMD8<Float>(), a6 = SIMD8<Float>(), a7 = SIMD8<Float>()
        var d = 0
        while d < hd {
            let qv = UnsafeRawPointer(q + d).loadUnaligned(as: SIMD8<Float>.self)
            a0.addProduct(Half8.load(k0 + d), qv)
            a1.addProduct(Half8.load(k1 + d), qv)
            a2.addProduct(Half8.load(k2 + d), qv)
            a3.addProduct(Half8.load(k3 + d), qv)
            a4.addProduct(Half8.load(k4 + d), qv)
            a5.addProduct(Half8.load(k5 + d), qv)
            a6.addProduct(Half8.load(k6 + d), qv)
            a7.addProduct(Half8.load(k7 + d), qv)
            d += 8
        }
        return SIMD8<Float>(TinyBLAS.hsum(a0), TinyBLAS.hsum(a1), TinyBLAS.hsum(a2), TinyBLAS.hsum(a3),
                            TinyBLAS.hsum(a4), TinyBLAS.hsum(a5), TinyBLAS.hsum(a6), TinyBLAS.hsum(a7))
    }

    /// slots[l][d] = fma(v_c[d], p[c], slots[l][d]) for the cells c = 8g + l of `groups` groups, in
    /// cell order per lane (as the one-cell loop), 8 dimensions at a time in registers.
    /// - Parameters:
    ///   - v: the f16 V row of the first cell; rows `width` apart.
    ///   - p: the f16-rounded probabilities of the cells, [8 × groups].
    ///   - slots: [8, hd] lane accumulators.
    @inline(__always)
    static func accumulateGroups(_ v: UnsafePointer<Float16>, _ width: Int, _ p: UnsafePointer<Float>,
                                 _ groups: Int, _ slots: UnsafeMutablePointer<Float>, _ hd: Int) {
        var d = 0
        while d < hd {
            @inline(__always) func slot(_ l: Int) -> UnsafeMutableRawPointer { UnsafeMutableRawPointer(slots + l * hd + d) }
            var a0 = slot(0).loadUnaligned(as: SIMD8<Float>.self), a1 = slot(1).loadUnaligned(as: SIMD8<Float>.self)
            var a2 = slot(2).loadUnaligned(as: SIMD8<Float>.self), a3 = slot(3).loadUnaligned(as: SIMD8<Float>.self)
            var a4 = slot(4).loadUnaligned(as: SIMD8<Float>.self), a5 = slot(5).loadUnaligned(as: SIMD8<Float>.self)
            var a6 = slot(6).loadUnaligned(as: SIMD8<Float>.self), a7 = slot(7).loadUnaligned(as: SIMD8<Float>.self)
            var row = v + d, pg = p
            for _ in 0..<groups {
                @inline(__always) func x(_ l: Int) -> SIMD8<Float> { Half8.load(row + l * width) }
                @inline(__always) func pr(_ l: Int) -> SIMD8<Float> { SIMD8<Float>(repeating: pg[l]) }
                a0.addProduct(x(0), pr(0))
                a1.addProduct(x(1), pr(1))
                a2.addProduct(x(2), pr(2))
                a3.addProduct(x(3), pr(3))
                a4.addProduct(x(4), pr(4))
                a5.addProduct(x(5), pr(5))
                a6.addProduct(x(6), pr(6))
                a7.addProduct(x(7), pr(7))
                row += 8 * width
                pg += 8
            }
            slot(0).storeBytes(of: a0, as: SIMD8<Float>.self)
            slot(1).storeBytes(of: a1, as: SIMD8<Float>.self)
            slot(2).storeBytes(of: a2, as: SIMD8<Float>.self)
            slot(3).storeBytes(of: a3, as: SIMD8<Float>.self)
            slot(4).storeBytes(of: a4, as: SIMD8<Float>.self)
            slot(5).storeBytes(of: a5, as: SIMD8<Float>.self)
            slot(6).storeBytes(of: a6, as: SIMD8<Float>.self)
            slot(7).storeBytes(of: a7, as: SIMD8<Float>.self)
            d += 8
        }
    }

    /// o[d] = the reduction of slots[l][d] over the `lanes` (8 or 32) accumulator lanes, 8 dimensions
    /// at a time: for 8 lanes tinyBLAS's `hsum` ((l_i + l_{i+4}), then (s0+s2) + (s1+s3)); for 32,
    /// GGML_F32x8_REDUCE of the four accumulators (lanes 8k..<8k+8 = accumulator k). The same
    /// additions per dimension as the scalar forms, so the results are identical.
    @inline(__always)
    static func reduceSlots(_ slots: UnsafeMutablePointer<Float>, lanes: Int, hd: Int, into o: UnsafeMutablePointer<Float>) {
        var d = 0
        while d < hd {
            @inline(__always) func row(_ l: Int) -> SIMD8<Float> {
                UnsafeRawPointer(slots + l * hd + d).loadUnaligned(as: SIMD8<Float>.self)
            }
            let result: SIMD8<Float>
            if lanes == 8 {
                let s0 = row(0) + row(4), s1 = row(1) + row(5), s2 = row(2) + row(6), s3 = row(3) + row(7)
                result = (s0 + s2) + (s1 + s3)
            } else {
                let a0 = (row(0) + row(16)) + (row(8) + row(24)), a4 = (row(4) + row(20)) + (row(12) + row(28))
                let a1 = (row(1) + row(17)) + (row(9) + row(25)), a5 = (row(5) + row(21)) + (row(13) + row(29))
                let a2 = (row(2) + row(18)) + (row(10) + row(26)), a6 = (row(6) + row(22)) + (row(14) + row(30))
                let a3 = (row(3) + row(19)) + (row(11) + row(27)), a7 = (row(7) + row(23)) + (row(15) + row(31))
                result = ((a0 + a4) + (a1 + a5)) + ((a2 + a6) + (a3 + a7))
            }
            UnsafeMutableRawPointer(o + d).storeBytes(of: result, as: SIMD8<Float>.self)
            d += 8
        }
    }
}
