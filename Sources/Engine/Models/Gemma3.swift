import Foundation

// The gemma3 architecture (Gemma 3 text models): embeddings scaled by √dim, RMSNorm before and
// after attention and feed-forward, per-head Q/K RMSNorm, NEOX RoPE with a local base on
// sliding-window layers and the global `rope.freq_base` on every 6th layer, GELU-gated FFN.
// Reference: llama.cpp src/models/gemma3.cpp and llama-model.cpp (LLM_ARCH_GEMMA3). The GGUF
// converter already stores Gemma's norm weights as (1 + w), so the norms are plain RMSNorm.

/// The weights of one gemma3 block.
struct Gemma3Layer {
    let attnNorm: [Float]  // blk.N.attn_norm.weight            [dim]
    let wq: WeightMatrix  // blk.N.attn_q.weight                [dim → heads·head_dim]
    let wk: WeightMatrix  // blk.N.attn_k.weight                [dim → kv_heads·head_dim]
    let wv: WeightMatrix  // blk.N.attn_v.weight                [dim → kv_heads·head_dim]
    let qNorm: [Float]  // blk.N.attn_q_norm.weight           [head_dim]
    let kNorm: [Float]  // blk.N.attn_k_norm.weight           [head_dim]
    let wo: WeightMatrix  // blk.N.attn_output.weight           [heads·head_dim → dim]
    let postAttnNorm: [Float]  // blk.N.post_attention_norm.weight   [dim]
    let ffnNorm: [Float]  // blk.N.ffn_norm.weight              [dim]
    let gate: WeightMatrix  // blk.N.ffn_gate.weight              [dim → ff]
    let up: WeightMatrix  // blk.N.ffn_up.weight                [dim → ff]
    let down: WeightMatrix  // blk.N.ffn_down.weight              [ff → dim]
    let postFFNNorm: [Float]  // blk.N.post_ffw_norm.weight         [dim]

    init(_ w: TensorLoader, _ i: Int, _ hp: HyperParameters) throws {
        let dim = hp.embeddingLength, q = hp.headCount * hp.keyLength, kv = hp.kvWidth
        attnNorm = try w.vector("blk.\(i).attn_norm.weight", count: dim)
        wq = try w.matrix("blk.\(i).attn_q.weight", cols: dim, rows: q)
        wk = try w.matrix("blk.\(i).attn_k.weight", cols: dim, rows: kv)
        wv = try w.matrix("blk.\(i).attn_v.weight", cols: dim, rows: kv)
        qNorm = try w.vector("blk.\(i).attn_q_norm.weight", count: hp.keyLength)
        kNorm = try w.vector("blk.\(i).attn_k_norm.weight", count: hp.keyLength)
        wo = try w.matrix("blk.\(i).attn_output.weight", cols: q, rows: dim)
        postAttnNorm = try w.vector("blk.\(i).post_attention_norm.weight", count: dim)
        ffnNorm = try w.vector("blk.\(i).ffn_norm.weight", count: dim)
        gate = try w.matrix("blk.\(i).ffn_gate.weight", cols: dim, rows: hp.feedForwardLength)
        up = try w.matrix("blk.\(i).ffn_up.weight", cols: dim, rows: hp.feedForwardLength)
        down = try w.matrix("blk.\(i).ffn_down.weight", cols: hp.feedForwardLength, rows: dim)
        postFFNNorm = try w.vector("blk.\(i).post_ffw_norm.weight", count: dim)
    }
}

/// A gemma3 text model.
final class Gemma3Model: LanguageModel {
    let file: GGUFFile  // keeps the mapping alive
    let hyperParameters: HyperParameters
    let maxBatch: Int
    let tokenEmbedding: WeightMatrix  // token_embd.weight  [dim → vocab]
    let layers: [Gemma3Layer]
    let outputNorm: [Float]  // output_norm.weight [dim]
    let output: WeightMatrix  // output.weight, alt token_embd.weight
    /// Sliding window of each layer (nil for the global layers).
    let windows: [Int?]
    let localRoPE: RoPE  // base 10,000 (sliding layers)
    let globalRoPE: RoPE  // base rope.freq_base (global layers)
    let attention: Attention
    /// Multiplies queries before attention: 1/√query_pre_attn_scalar (= 1/√head_dim here).
    let queryScale: Float
    /// Final logit soft-capping (`final_logit_softcapping`, 0 = off).
    let finalSoftcap: Float
    let pool: ThreadPool
    let matmul: MatMul
    let buffers: DecoderBuffers

    init(file: GGUFFile, pool: ThreadPool, maxBatch: Int = 512) throws {
        let arch = "gemma3"
        let hp = try HyperParameters(metadata: file.metadata, architecture: arch)
        let w = TensorLoader(file: file)
        self.file = file
        hyperParameters = hp
        self.maxBatch = maxBatch
        self.pool = pool
        tokenEmbedding = try w.matrix("token_embd.weight", cols: hp.embeddingLength, rows: hp.vocabularySize)
        layers = try (0..<hp.blockCount).map { try Gemma3Layer(w, $0, hp) }
        outputNorm = try w.vector("output_norm.weight", count: hp.embeddingLength)
        output = try w.optionalMatrix("output.weight", cols: hp.embeddingLength, rows: hp.vocabularySize)
            ?? tokenEmbedding
        let window = file.metadata.int("\(arch).attention.sliding_window") ?? 512
        let pattern = file.metadata.int("\(arch).attention.sliding_window_pattern") ?? 6
        windows = (0..<hp.blockCount).map { pattern > 0 && ($0 + 1) % pattern != 0 ? window : nil }
        localRoPE = RoPE(style: .neox, dimensions: hp.ropeDimensionCount, base: 10_000)
        globalRoPE = RoPE(
            style: .neox, dimensions: hp.ropeDimensionCount, base: hp.ropeFreqBase, positionScale: hp.ropeScale)
        attention = Attention(
            headCount: hp.headCount, headCountKV: hp.headCountKV, headDim: hp.keyLength,
            scale: 1, softcap: file.metadata.float("\(arch).attn_logit_softcapping") ?? 0)
        queryScale = 1 / Float(hp.keyLength).squareRoot()
        finalSoftcap = file.metadata.float("\(arch).final_logit_softcapping") ?? 0
        matmul = MatMul(pool: pool)
        buffers = DecoderBuffers(hp, maxBatch: maxBatch, threads: pool.threadCount)
    }

    func makeCache(contextLength: Int) -> KVCache {
        KVCache(
            capacity: contextLength, layerCount: hyperParameters.blockCount, width: hyperParameters.kvWidth,
            windows: windows, maxBatch: maxBatch)
    }

    func forward(
        _ tokens: UnsafeBufferPointer<Int32>, position: Int, cache: KVCache,
        rows: LogitRows, logits: UnsafeMutablePointer<Float>
    ) {
        let hp = hyperParameters, n = tokens.count, b = buffers
        let dim = hp.embeddingLength, qw = hp.headCount * hp.keyLength, kvw = hp.kvWidth
        let hd = hp.keyLength, ff = hp.feedForwardLength, eps = hp.normEpsilon
        precondition(n > 0 && n <= maxBatch && position + n <= cache.capacity, "batch fits the cache")
        let x = b.x.pointer, xn = b.xn.pointer
        let embedScale = Float(dim).squareRoot()
        for (i, t) in tokens.enumerated() {
            tokenEmbedding.dequantizeRow(Int(t), into: x + i * dim)
            VectorOps.scale(x + i * dim, embedScale, dim)
        }
        for (l, layer) in layers.enumerated() {
            let rope = windows[l] == nil ? globalRoPE : localRoPE
            for i in 0..<n { RMSNorm.apply(x + i * dim, layer.attnNorm, xn + i * dim, dim, epsilon: eps) }
            // One job for Q, K and V (one activation quantization; separate products if the types differ).
            matmul.multiply(layer.wq, b.q.pointer, layer.wk, b.k.pointer, layer.wv, b.v.pointer, x: xn, n: n)
            for i in 0..<n {
                let q = b.q.pointer + i * qw, k = b.k.pointer + i * kvw, v = b.v.pointer + i * kvw
                for h in 0..<hp.headCount { RMSNorm.apply(q + h * hd, layer.qNorm, q + h * hd, hd, epsilon: eps) }
                for h in 0..<hp.headCountKV { RMSNorm.apply(k + h * hd, layer.kNorm, k + h * hd, hd, epsilon: eps) }
                rope.apply(q, heads: hp.headCount, headDim: hd, position: position + i)
                rope.apply(k, heads: hp.headCountKV, headDim: hd, position: position + i)
                VectorOps.scale(q, queryScale, qw)
                VectorOps.toHalf(k, cache.key(l, position + i), kvw)
                VectorOps.toHalf(v, cache.value(l, position + i), kvw)
            }
            attention.run(
                q: b.q.pointer, out: b.attn.pointer, n: n, position: position, layer: l, cache: cache,
                window: windows[l], pool: pool)
            matmul.multiply(layer.wo, b.attn.pointer, n: n, xn)
            for i in 0..<n {
                RMSNorm.apply(xn + i * dim, layer.postAttnNorm, xn + i * dim, dim, epsilon: eps)
            }
            VectorOps.add(xn, x, n * dim)
            for i in 0..<n { RMSNorm.apply(x + i * dim, layer.ffnNorm, xn + i * dim, dim, epsilon: eps) }
            matmul.multiply(layer.gate, b.gate.pointer, layer.up, b.up.pointer, x: xn, n: n)
            VectorOps.geglu(b.gate.pointer, b.up.pointer, n * ff)
            matmul.multiply(layer.down, b.gate.pointer, n: n, xn)
            for i in 0..<n {
                RMSNorm.apply(xn + i * dim, layer.postFFNNorm, xn + i * dim, dim, epsilon: eps)
            }
            VectorOps.add(xn, x, n * dim)
        }
        cache.count = position + n
        let first = rows == .last ? n - 1 : 0
        for i in first..<n { RMSNorm.apply(x + i * dim, outputNorm, xn + i * dim, dim, epsilon: eps) }
        matmul.multiply(output, xn + first * dim, n: n - first, logits)
        if finalSoftcap > 0 {
            let count = (n - first) * hp.vocabularySize
            for i in 0..<count { logits[i] = finalSoftcap * tanhf(logits[i] / finalSoftcap) }
        }
    }
}

extension Gemma3Model: RotaryModel {
    func rope(forLayer layer: Int) -> RoPE { windows[layer] == nil ? globalRoPE : localRoPE }
}
