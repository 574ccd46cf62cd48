/// Attention of a batch of queries (n > 1): the same operations, in the same order, as the batch
/// case of `run`'s general loop (bit for bit: tinyBLAS dots of 8 lanes, ggml's softmax, V·p in 8
/// lanes by position), reorganized so that the query heads sharing a KV head (GQA group) read and
/// convert each K and V row once:
/// - one task per (query, KV head) instead of per (query, head);
/// - K·q as tiles of 2 keys × up to 4 heads (8 accumulators), one f16→f32 conversion per key;
/// - the softmax on 8 lanes at once (`softmax`, shared with decode);
/// - V·p as tiles of 2 lanes × up to 4 heads over whole groups of 8 positions, one conversion per V row.
extension Attention {
    /// Whether `runBatch` handles this shape (else `run`'s general loop does).
    func batchApplies(cacheWidth: Int) -> Bool {
        headDim % 8 == 0 && headCount % headCountKV == 0 && cacheWidth == headCountKV * headDim
    }

    /// out[i] = softmax(q[i]·Kᵀ·scale)·V over positions [lo, position + i], for every query head.
    ///
    /// - Parameters:
    ///   - q: [n, headCount × headDim], already rotated.
    ///   - out: [n, headCount × headDim].
    @inline(never)
    func runBatch(
        q: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>, n: Int, position: Int,
        layer: Int, cache: KVCache, window: Int?, pool: ThreadPool
    ) {
        let hd = headDim, kvHeads = headCountKV, group = headCount / headCountKV
        let qWidth = headCount * hd
        let tasks = n * kvHeads
        let threads = Swift.min(pool.threadCount, tasks)
        let ring = cache.slots[layer], width = cache.width
        let memory = batchScratch.reserve(threads: threads, group: group, capacity: cache.capacity, headDim: hd)
        let keys = UnsafePointer(cache.keys + cache.offsets[layer])
        let values = UnsafePointer(cache.values + cache.offsets[layer])
        let scale = self.scale
        pool.run(threads) { thread in
            let qf = memory.queries(thread)
            var task = thread
            while task < tasks {
                let i = task / kvHeads, g = task % kvHeads, p = position + i
                let lo = window.map { Swift.max(0, p - $0 + 1) } ?? 0
                let m = p - lo + 1
                let qi = q + i * qWidth + g * group * hd
                for k in 0..<(group * hd) { qf[k] = Float(Float16(qi[k])) }
                // Scores of the group's heads, 4 heads at a time.
                var j = 0
                while j < group {
                    let c = Swift.min(4, group - j)
                    let kRow0 = keys + g * hd
                    let qc = UnsafePointer(qf + j * hd)
                    @inline(__always) func row(_ h: Int) -> UnsafeMutablePointer<Float> { memory.scores(thread, j + h) }
                    switch c {
                    case 4: Self.batchScores(kRow0, width, ring, lo, m, qc, hd, scale, heads: 4, row)
                    case 3: Self.batchScores(kRow0, width, ring, lo, m, qc, hd, scale, heads: 3, row)
                    case 2: Self.batchScores(kRow0, width, ring, lo, m, qc, hd, scale, heads: 2, row)
                    default: Self.batchScores(kRow0, width, ring, lo, m, qc, hd, scale, heads: 1, row)
                    }
                    j += c
                }
                // llama.cpp (full-size SWA cache, its default) walks cells in position order: one run.
                for h in 0..<group {
                    Self.softmax(memory.scores(thread, h), count: m, lo: lo, ring: ring, lo..<(p + 1), lo..<lo)
                }
                j = 0
                while j < group {
                    let c = Swift.min(4, group - j)
                    let vRow0 = values + g * hd
                    @inline(__always) func probabilities(_ h: Int) -> UnsafePointer<Float> {
                        UnsafePointer(memory.scores(thread, j + h))
                    }
                    @inline(__always) func slots(_ h: Int) -> UnsafeMutablePointer<Float> { memory.slots(thread, j + h) }
                    switch c {
                    case 4: Self.batchValues(vRow0, width, ring, lo, m, hd, heads: 4, probabilities, slots)
                    case 3: Self.batchValues(vRow0, width, ring, lo, m, hd, heads: 3, probabilities, slots)
                    case 2: Self.batchValues(vRow0, width, ring, lo, m, hd, heads: 2, probabilities, slots)
                    default: Self.batchValues(vRow0, width, ring, lo, m, hd, heads: 1, probabilities, slots)
                    }
                    j += c
                }
                for h in 0..<group {
                    Self.reduceSlots(memory.slots(thread, h), lanes: 8, hd: hd, into: out + i * qWidth + (g * group + h) * hd)
                }
                task += threads
            }
        }
    }

    /// row(h)[t] = (K_{lo+t} · q_h)·scale for t in 0..<m and the `heads` (1…4, a constant after
    /// inlining) queries at q (stride hd), in tinyBLAS's order: one 8-lane accumulator per dot,
    /// then `hsum`.
    @inline(__always)
    static func batchScores(
        _ kRow0: UnsafePointer<Float16>, _ width: Int, _ ring: Int, _ lo: Int, _ m: Int,
        _ q: UnsafePointer<Float>, _ hd: Int, _ scale: Float, heads: Int,
        _ row: (Int) -> UnsafeMutablePointer<Float>
    ) {
        var cell = lo % ring
        @inline(__always) func next() -> Int {
            let c = cell
            cell += 1
            if cell == ring { cell = 0 }
            return c * width
        }
        var t = 0
        if heads == 1 {
            // One head: 8 keys at a time keep 8 accumulation chains in flight.
            let r = row(0)
            while t + 8 <= m {
                var rows = SIMD8<Int>()
                for l in 0..<8 { rows[l] = next() }
                let dots = dots8(kRow0, rows, q, hd)
                for l in 0..<8 { r[t + l] = dots[l] * scale }
                t += 8
            }
        } else {
            while t + 2 <= m {
                let k0 = kRow0 + next(), k1 = kRow0 + next()
                let (a, b) = pairDots(k0, k1, q, hd, heads: heads)
                for h in 0..<heads {
                    row(h)[t] = a[h] * scale
                    row(h)[t + 1] = b[h] * scale
                }
                t += 2
            }
        }
        while t < m {
            let k = kRow0 + next()
            for h in 0..<heads {
                var acc = SIMD8<Float>()
                var d = 0
                while d < hd {
                    acc.addProduct(Half8.load(k + d), load8(q + h * hd + d))
                    d += 8
                }
                row(h)[t] = TinyBLAS.hsum(acc) * scale
            }
            t += 1
        }
    }

    /// The tinyBLAS dots of 2 f16 keys with `heads` (2…4, a constant after inlining) f32 queries at
    /// q (stride hd): lane h of the first result = k0·q_h, of the second k1·q_h.
    @inline(__always)
    static func pairDots(_ k0: UnsafePointer<Float16>, _ k1: UnsafePointer<Float16>, _ q: UnsafePointer<Float>,
                         _ hd: Int, heads: Int) -> (SIMD4<Float>, SIMD4<Float>) {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
        var b0 = SIMD8<Float>(), b1 = SIMD8<Float>(), b2 = SIMD8<Float>(), b3 = SIMD8<Float>()
        var d = 0
        while d < hd {
            let x = Half8.load(k0 + d), y = Half8.load(k1 + d)
            let q0 = load8(q + d), q1 = load8(q + hd + d)
            a0.addProduct(x, q0)
            b0.addProduct(y, q0)
            a1.addProduct(x, q1)
            b1.addProduct(y, q1)
            if heads > 2 {
                let q2 = load8(q + 2 * hd + d)
                a2.addProduct(x, q2)
                b2.addProduct(y, q2)
            }
            if heads > 3 {
                let q3 = load8(q + 3 * hd + d)
                a3.addProduct(x, q3)
                b3.addProduct(y, q3)
            }
            d += 8
        }
        return (SIMD4<Float>(TinyBLAS.hsum(a0), TinyBLAS.hsum(a1), TinyBLAS.hsum(a2), TinyBLAS.hsum(a3)),
                SIMD4<Float>(TinyBLAS.hsum(b0), TinyBLAS.hsum(b1), TinyBLAS.hsum(b2), TinyBLAS.hsum(b3)))
    }

    /// slots(h)[t mod 8][d] = Σ fma(V_t[d], p_h[t − lo]) over positions t = lo…lo+m−1 in order, for
    /// the `heads` (1…4, a constant after inlining) heads: tinyBLAS's 8 lanes of the V·p mul_mat.
    /// Whole groups of 8 positions in consecutive cells go through `valueGroups`; the others one
    /// by one. Each lane sees its positions in increasing order either way.
    @inline(__always)
    static func batchValues(
        _ vRow0: UnsafePointer<Float16>, _ width: Int, _ ring: Int, _ lo: Int, _ m: Int, _ hd: Int, heads: Int,
        _ p: (Int) -> UnsafePointer<Float>, _ slots: (Int) -> UnsafeMutablePointer<Float>
    ) {
        for h in 0..<heads { slots(h).update(repeating: 0, count: 8 * hd) }
        var t = lo, cell = lo % ring
        let end = lo + m
        while t < end {
            let groups = t % 8 == 0 ? Swift.min(end - t, ring - cell) / 8 : 0
            if groups > 0 {
                valueGroups(vRow0 + cell * width, width, groups, hd, heads: heads,
                            { p($0) + (t - lo) }, slots)
                t += 8 * groups
                cell += 8 * groups
            } else {
                let v = vRow0 + cell * width, lane = t % 8
                for h in 0..<heads { accumulate(v, p(h)[t - lo], into: slots(h) + lane * hd, count: hd) }
                t += 1
                cell += 1
            }
            if cell == ring { cell = 0 }
        }
    }

    /// The V·p accumulation of `groups` whole groups of 8 positions (V rows `width` apart from
    /// `v`, probabilities p(h)[0..<8·groups]) into slots(h)[lane][d], 8 dimensions and 2 lanes at
    /// a time with the (2 lanes × heads) accumulators in registers: each V row is converted once
    /// for all the heads.
    @inline(__always)
    static func valueGroups(
        _ v: UnsafePointer<Float16>, _ width: Int, _ groups: Int, _ hd: Int, heads: Int,
        _ p: (Int) -> UnsafePointer<Float>, _ slots: (Int) -> UnsafeMutablePointer<Float>
    ) {
        let p0 = p(0), p1 = heads > 1 ? p(1) : p0, p2 = heads > 2 ? p(2) : p0, p3 = heads > 3 ? p(3) : p0
        let s0 = slots(0), s1 = heads > 1 ? slots(1) : s0, s2 = heads > 2 ? slots(2) : s0
        let s3 = heads > 3 ? slots(3) : s0
        var d = 0
        while d < hd {
            var l = 0
            while l < 8 {
                @inline(__always) func at(_ s: UnsafeMutablePointer<Float>, _ lane: Int) -> UnsafeMutablePointer<Float> {
                    s + lane * hd + d
                }
                var a0 = load8(at(s0, l)), b0 = load8(at(s0, l + 1))
                var a1 = SIMD8<Float>(), b1 = SIMD8<Float>(), a2 = SIMD8<Float>(), b2 = SIMD8<Float>()
                var a3 = SIMD8<Float>(), b3 = SIMD8<Float>()
                if heads > 1 { a1 = load8(at(s1, l)); b1 = load8(at(s1, l + 1)) }
                if heads > 2 { a2 = load8(at(s2, l)); b2 = load8(at(s2, l + 1)) }
                if heads > 3 { a3 = load8(at(s3, l)); b3 = load8(at(s3, l + 1)) }
                var row = v + l * width + d
                var k = l
                for _ in 0..<groups {
                    let x = Half8.load(row), y = Half8.load(row + width)
                    a0.addProduct(x, SIMD8<Float>(repeating: p0[k]))
                    b0.addProduct(y, SIMD8<Float>(repeating: p0[k + 1]))
                    if heads > 1 {
                        a1.addProduct(x, SIMD8<Float>(repeating: p1[k]))
                        b1.addProduct(y, SIMD8<Float>(repeating: p1[k + 1]))
                    }
                    if heads > 2 {
                        a2.addProduct(x, SIMD8<Float>(repeating: p2[k]))
                        b2.addProduct(y, SIMD8<Float>(repeating: p2[k + 1]))
                    }
                    if heads > 3 {
                        a3.addProduct(x, SIMD8<Float>(repeating: p3[k]))
                        b3.addProduct(y, SIMD8<Float>(repeating: p3[k + 1]))
                    }
                    row += 8 * width
                    k += 8
                }
                store8(a0, at(s0, l))
                store8(b0, at(s0, l + 1))
                if heads > 1 { store8(a1, at(s1, l)); store8(b1, at(s1, l + 1)) }
                if heads > 2 { store8(a2, at(s2, l)); store8(b2, at(s2, l + 1)) }
                if heads > 3 { store8(a3, at(s3, l)); store8(b3, at(s3, l + 1)) }
                l += 2
            }
            d += 8
        }
    }
}
