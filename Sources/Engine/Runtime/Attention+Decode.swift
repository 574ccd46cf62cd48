#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// Attention of a single query token (decode): the same operations, in the same order, as the
/// n == 1 case of `run` (bit for bit), reorganized for speed:
/// - the query heads sharing a KV head (GQA group) read and convert each K and V row once;
/// - no division per position (cells advance incrementally through the ring);
/// - three balanced pool jobs: scores by (KV head, half of the positions); softmax by head, in
///   place in the score rows (once per head, not once per task that reads it); V·p by (KV head,
///   half of the head dimensions), whose accumulation chains stay intact because they run along
///   positions within one dimension;
/// - the softmax exponential on 8 lanes at once (`GGMLMath.exp8`, ggml's `ggml_v_expf`), with
///   masks only on the partial chunks at the ends of a run;
/// - K and V rows prefetched a few positions ahead (their stride defeats the hardware prefetcher).
extension Attention {
    /// Whether `runDecode` handles this shape (else `run`'s general loop does).
    func decodeApplies(cacheWidth: Int) -> Bool {
        headDim % 64 == 0 && headCount % headCountKV == 0 && cacheWidth == headCountKV * headDim
    }

    /// out = softmax(q·Kᵀ·scale)·V over positions [lo, position] for one token at `position`.
    /// (Not inlined into `run`: that would change how `run`'s batch loop is optimized.)
    ///
    /// - Parameters:
    ///   - q: [headCount × headDim], already rotated.
    ///   - out: [headCount × headDim].
    @inline(never)
    func runDecode(
        q: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>, position p: Int,
        layer: Int, cache: KVCache, window: Int?, pool: ThreadPool
    ) {
        let hd = headDim, kvHeads = headCountKV, group = headCount / headCountKV
        let lo = window.map { max(0, p - $0 + 1) } ?? 0
        let count = p - lo + 1
        let ring = cache.slots[layer], width = cache.width
        let threads = pool.threadCount
        let memory = decodeScratch.reserve(
            threads: threads, headCount: headCount, group: group, capacity: cache.capacity, headDim: hd)
        let kBase = UnsafePointer(cache.key(layer, 0)), vBase = UnsafePointer(cache.value(layer, 0))
        let scale = self.scale
        // The queries as ggml sees them: f32 → f16 → f32.
        let qf = memory.queries
        for i in 0..<(headCount * hd) { qf[i] = Float(Float16(q[i])) }
        // Position-ordered runs: llama.cpp (full-size SWA cache) keeps position q in cell q.
        let wrap = (lo / ring + 1) * ring
        let first = wrap <= p ? lo..<wrap : lo..<(p + 1)
        let second = wrap <= p ? wrap..<(p + 1) : lo..<lo

        var job = DecodeAttentionJob(
            phase: .scores, threads: threads, parts: count >= 64 ? 2 : 1, headCount: headCount, group: group,
            hd: hd, lo: lo, count: count, width: width, ring: ring, scale: scale, first: first, second: second,
            kBase: kBase, vBase: vBase, queries: qf, memory: memory, out: out)
        // Job 1: raw scores s[h][t − lo] = (K_t · q_h)·scale, ggml_vec_dot_f16's order.
        pool.run(Swift.min(threads, kvHeads * job.parts), job)
        // Job 2: softmax per head, in place: the score row becomes the row of f16-rounded probabilities.
        job.phase = .softmax
        pool.run(Swift.min(threads, headCount), job)
        // Job 3: out = V·p on half of the dimensions of each KV head.
        job.phase = .values
        pool.run(Swift.min(threads, kvHeads * 2), job)
    }

    /// Scores of the `group` heads whose queries start at `queries` (stride hd) against the K rows
    /// of positions `range`, written to scores + j·rowStride + (t − lo).
    @inline(__always)
    static func scores(
        _ kRow0: UnsafePointer<Float16>, width: Int, ring: Int, _ range: Range<Int>, lo: Int, hd: Int,
        queries: UnsafePointer<Float>, group: Int, scale: Float,
        scores: UnsafeMutablePointer<Float>, rowStride: Int
    ) {
        var cell = range.lowerBound % ring
        // K rows `distance` positions ahead are prefetched (the stride defeats the hardware prefetcher).
        let distance = prefetchDistance(rowBytes: 2 * hd)
        var ahead = (range.lowerBound + distance) % ring
        for t in range {
            let k = kRow0 + cell * width
            prefetchRow(kRow0 + ahead * width, bytes: 2 * hd)
            ahead += 1
            if ahead == ring { ahead = 0 }
            for j in 0..<group {
                let qj = queries + j * hd
                var x0 = SIMD8<Float>(), x1 = SIMD8<Float>(), x2 = SIMD8<Float>(), x3 = SIMD8<Float>()
                var i = 0
                while i < hd {
                    x0.addProduct(Half8.load(k + i), load8(qj + i))
                    x1.addProduct(Half8.load(k + i + 8), load8(qj + i + 8))
                    x2.addProduct(Half8.load(k + i + 16), load8(qj + i + 16))
                    x3.addProduct(Half8.load(k + i + 24), load8(qj + i + 24))
                    i += 32
                }
                scores[j * rowStride + (t - lo)] = GGMLDot.reduce(x0, x1, x2, x3) * scale
            }
            cell += 1
            if cell == ring { cell = 0 }
        }
    }

    /// ggml_vec_soft_max_f32 over the scores of one head, in place: e = exp(s − max), summed in
    /// 8-lane chunks aligned on cell indices (each reduced in float, then added in double in cell
    /// order); then s ← f16(e / Σ) as f32 (the f16 probabilities V·p multiplies).
    ///
    /// Only the first and last chunk of a run can hold positions outside it; the chunks between
    /// are full and take no mask. Lanes outside the run are left as they were.
    @inline(__always)
    static func softmax(
        _ s: UnsafeMutablePointer<Float>, count: Int, lo: Int, ring: Int,
        _ first: Range<Int>, _ second: Range<Int>
    ) {
        var mx8 = SIMD8<Float>(repeating: -.infinity)
        var i = 0
        while i + 8 <= count {
            mx8 = greater(load8(s + i), mx8)
            i += 8
        }
        var mx = mx8.max()
        while i < count {
            if s[i] > mx { mx = s[i] }
            i += 1
        }
        let mxv = SIMD8<Float>(repeating: mx)
        var sum = 0.0
        for r in 0..<2 {
            let run = r == 0 ? first : second
            if run.isEmpty { continue }
            // index (t − lo) of the lane-0 position of each chunk; chunks start on positions ≡ 0 mod 8
            var base = run.lowerBound - lo - run.lowerBound % 8
            let begin = run.lowerBound - lo, end = run.upperBound - lo
            while base < end {
                if base >= begin && base + 8 <= end {
                    let chunk = GGMLMath.exp8(load8(s + base) - mxv)
                    store8(chunk, s + base)
                    sum += Double(GGMLDot.reduce8(chunk))
                } else {
                    let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) &+ Int32(base)
                    let valid = (lanes .>= Int32(begin)) .& (lanes .< Int32(end))
                    let x = SIMD8<Float>(repeating: 0).replacing(with: load8(s + base) - mxv, where: valid)
                    let chunk = SIMD8<Float>(repeating: 0).replacing(with: GGMLMath.exp8(x), where: valid)
                    store8(load8(s + base).replacing(with: chunk, where: valid), s + base)
                    sum += Double(GGMLDot.reduce8(chunk))
                }
                base += 8
            }
        }
        let inv = SIMD8<Float>(repeating: Float(1.0 / sum))
        i = 0
        while i < count {
            store8(Half8.round(load8(s + i) * inv), s + i)
            i += 8
        }
    }

    /// v where v > m, else m, lane-wise (`vmaxps v, m`: the `replacing(where: v .> m)` of the
    /// reference loop without its per-lane mask code).
    @inline(__always)
    static func greater(_ v: SIMD8<Float>, _ m: SIMD8<Float>) -> SIMD8<Float> {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        return _mm256_max_ps(v, m)
        #else
        return m.replacing(with: v, where: v .> m)
        #endif
    }

    /// out_j[d] = Σ_t p_j[t]·V_t[d] for the `group` heads j and the `half` dimensions at `vRow0`,
    /// in ggml_vec_dot_f16's order over positions (slot = cell mod 32, then GGML_F32x8_REDUCE).
    @inline(__always)
    static func weightedValues(
        _ vRow0: UnsafePointer<Float16>, width: Int, ring: Int, lo: Int, _ first: Range<Int>, _ second: Range<Int>,
        half: Int, probabilities: (Int) -> UnsafeMutablePointer<Float>, slots: (Int) -> UnsafeMutablePointer<Float>,
        group: Int, out: UnsafeMutablePointer<Float>, headStride: Int
    ) {
        for j in 0..<group { slots(j).update(repeating: 0, count: 32 * half) }
        let distance = prefetchDistance(rowBytes: 2 * half)
        for r in 0..<2 {
            let run = r == 0 ? first : second
            if run.isEmpty { continue }
            var cell = run.lowerBound % ring
            var ahead = (run.lowerBound + distance) % ring
            for t in run {
                let v = vRow0 + cell * width
                prefetchRow(vRow0 + ahead * width, bytes: 2 * half)
                ahead += 1
                if ahead == ring { ahead = 0 }
                let lane = t & 31
                for j in 0..<group {
                    accumulate(v, probabilities(j)[t - lo], into: slots(j) + lane * half, count: half)
                }
                cell += 1
                if cell == ring { cell = 0 }
            }
        }
        for j in 0..<group {
            let s = slots(j), o = out + j * headStride
            var d = 0
            while d < half {
                @inline(__always) func row(_ l: Int) -> SIMD8<Float> { load8(s + l * half + d) }
                let a0 = (row(0) + row(16)) + (row(8) + row(24)), a4 = (row(4) + row(20)) + (row(12) + row(28))
                let a1 = (row(1) + row(17)) + (row(9) + row(25)), a5 = (row(5) + row(21)) + (row(13) + row(29))
                let a2 = (row(2) + row(18)) + (row(10) + row(26)), a6 = (row(6) + row(22)) + (row(14) + row(30))
                let a3 = (row(3) + row(19)) + (row(11) + row(27)), a7 = (row(7) + row(23)) + (row(15) + row(31))
                let t0 = a0 + a4, t1 = a1 + a5, t2 = a2 + a6, t3 = a3 + a7
                store8((t0 + t1) + (t2 + t3), o + d)
                d += 8
            }
        }
    }

    /// Positions ahead to prefetch K/V rows of `rowBytes` each: about 2 KB ahead of the reads.
    @inline(__always)
    static func prefetchDistance(rowBytes: Int) -> Int {
        Swift.max(4, 2048 / Swift.max(1, rowBytes))
    }

    /// Prefetches the cache lines of the `bytes` bytes at `p`.
    @inline(__always)
    static func prefetchRow(_ p: UnsafePointer<Float16>, bytes: Int) {
        let raw = UnsafeRawPointer(p)
        var o = 0
        while o < bytes {
            Prefetch.read(raw + o)
            o += 64
        }
        Prefetch.read(raw + bytes - 1)  // the last line, when the row does not start on a line
    }

    @inline(__always)
    static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func load8(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    /// slot[0..<count] += p·v[0..<count] (v an f16 V row, count a multiple of 8), 8 floats at a
    /// time: one position's term of V·p for one head.
    @inline(__always)
    static func accumulate(_ v: UnsafePointer<Float16>, _ p: Float, into slot: UnsafeMutablePointer<Float>, count: Int) {
        let pr = SIMD8<Float>(repeating: p)
        var d = 0
        while d < count {
            store8(load8(slot + d).addingProduct(Half8.load(v + d), pr), slot + d)
            d += 8
        }
    }
}
