import Foundation

// The llama architecture (Llama 2/3, Mistral, SmolLM, most fine-tunes): pre-RMSNorm blocks,
// grouped-query attention with normal-style RoPE, SwiGLU feed-forward, tied output fallback.
// Reference: llama.cpp src/models/llama.cpp (graph) and llama-model.cpp (tensors).

/// The weights of one llama block.
struct LlamaLayer {
    let attnNorm: [Float]  // blk.N.attn_norm.weight    [dim]
    let wq: WeightMatrix  // blk.N.attn_q.weight        [dim → heads·head_dim]
    let wk: WeightMatrix  // blk.N.attn_k.weight        [dim → kv_heads·head_dim]
    let wv: WeightMatrix  // blk.N.attn_v.weight        [dim → kv_heads·head_dim]
    let wo: WeightMatrix  // blk.N.attn_output.weight   [heads·head_dim → dim]
    let bq: [Float]?  // blk.N.attn_q.bias  (qwen2)  [heads·head_dim]
    let bk: [Float]?  // blk.N.attn_k.bias  (qwen2)  [kv_heads·head_dim]
    let bv: [Float]?  // blk.N.attn_v.bias  (qwen2)  [kv_heads·head_dim]
    let ffnNorm: [Float]  // blk.N.ffn_norm.weight     [dim]
    let gate: WeightMatrix  // blk.N.ffn_gate.weight     [dim → ff]
    let up: WeightMatrix  // blk.N.ffn_up.weight       [dim → ff]
    let down: WeightMatrix  // blk.N.ffn_down.weight     [ff → dim]

    init(_ w: TensorLoader, _ i: Int, _ hp: HyperParameters) throws {
        let dim = hp.embeddingLength, q = hp.headCount * hp.keyLength, kv = hp.kvWidth
        attnNorm = try w.vector("blk.\(i).attn_norm.weight", count: dim)
        wq = try w.matrix("blk.\(i).attn_q.weight", cols: dim, rows: q)
        wk = try w.matrix("blk.\(i).attn_k.weight", cols: dim, rows: kv)
        wv = try w.matrix("blk.\(i).attn_v.weight", cols: dim, rows: kv)
        wo = try w.matrix("blk.\(i).attn_output.weight", cols: q, rows: dim)
        bq = try w.optionalVector("blk.\(i).attn_q.bias", count: q)
        bk = try w.optionalVector("blk.\(i).attn_k.bias", count: kv)
        bv = try w.optionalVector("blk.\(i).attn_v.bias", count: kv)
        ffnNorm = try w.vector("blk.\(i).ffn_norm.weight", count: dim)
        gate = try w.matrix("blk.\(i).ffn_gate.weight", cols: dim, rows: hp.feedForwardLength)
        up = try w.matrix("blk.\(i).ffn_up.weight", cols: dim, rows: hp.feedForwardLength)
        down = try w.matrix("blk.\(i).ffn_down.weight", cols: hp.feedForwardLength, rows: dim)
    }
}

/// A llama-architecture model (also qwen2, which adds Q/K/V biases and NEOX RoPE).
final class LlamaModel: LanguageModel {
    let file: GGUFFile  // keeps the mapping alive
    let hyperParameters: HyperParameters
    let maxBatch: Int
    let tokenEmbedding: WeightMatrix  // token_embd.weight  [dim → vocab] (rows = tokens)
    let layers: [LlamaLayer]
    let outputNorm: [Float]  // output_norm.weight [dim]
    let output: WeightMatrix  // output.weight, alt token_embd.weight  [dim → vocab]
    let rope: RoPE
    let attention: Attention
    let pool: ThreadPool
    let matmul: MatMul
    let buffers: DecoderBuffers

    init(file: GGUFFile, architecture: String, pool: ThreadPool, maxBatch: Int = 512) throws {
        let hp = try HyperParameters(metadata: file.metadata, architecture: architecture)
        let w = TensorLoader(file: file)
        self.file = file
        hyperParameters = hp
        self.maxBatch = maxBatch
        self.pool = pool
        tokenEmbedding = try w.matrix("token_embd.weight", cols: hp.embeddingLength, rows: hp.vocabularySize)
        layers = try (0..<hp.blockCount).map { try LlamaLayer(w, $0, hp) }
        outputNorm = try w.vector("output_norm.weight", count: hp.embeddingLength)
        output = try w.optionalMatrix("output.weight", cols: hp.embeddingLength, rows: hp.vocabularySize)
            ?? tokenEmbedding
        rope = RoPE(
            style: architecture == "llama" ? .normal : .neox, dimensions: hp.ropeDimensionCount,
            base: hp.ropeFreqBase, positionScale: hp.ropeScale)
        attention = Attention(
            headCount: hp.headCount, headCountKV: hp.headCountKV, headDim: hp.keyLength,
            scale: 1 / Float(hp.keyLength).squareRoot(), softcap: 0)
        matmul = MatMul(pool: pool)
        buffers = DecoderBuffers(hp, maxBatch: maxBatch, threads: pool.threadCount)
    }

    func makeCache(contextLength: Int) -> KVCache {
        KVCache(
            capacity: contextLength, layerCount: hyperParameters.blockCount, width: hyperParameters.kvWidth,
            windows: Array(repeating: nil, count: hyperParameters.blockCount), maxBatch: maxBatch)
    }

    func forward(
        _ tokens: UnsafeBufferPointer<Int32>, position: Int, cache: KVCache,
        rows: LogitRows, logits: UnsafeMutablePointer<Float>
    ) {
        let hp = hyperParameters, n = tokens.count, b = buffers
        let dim = hp.embeddingLength, qw = hp.headCount * hp.keyLength, kvw = hp.kvWidth
        let ff = hp.feedForwardLength
        precondition(n > 0 && n <= maxBatch && position + n <= cache.capacity, "batch fits the cache")
        let x = b.x.pointer, xn = b.xn.pointer
        for (i, t) in tokens.enumerated() {
            tokenEmbedding.dequantizeRow(Int(t), into: x + i * dim)
        }
        for (l, layer) in layers.enumerated() {
            // Attention block: x += Wo · attn(rope(Wq·norm(x)), rope(Wk·norm(x)), Wv·norm(x))
            for i in 0..<n { RMSNorm.apply(x + i * dim, layer.attnNorm, xn + i * dim, dim, epsilon: hp.normEpsilon) }
            matmul.multiply(layer.wq, b.q.pointer, layer.wk, b.k.pointer, layer.wv, b.v.pointer, x: xn, n: n)
            for i in 0..<n {
                let q = b.q.pointer + i * qw, k = b.k.pointer + i * kvw, v = b.v.pointer + i * kvw
                if let bias = layer.bq { VectorOps.add(bias, q, qw) }
                if let bias = layer.bk { VectorOps.add(bias, k, kvw) }
                if let bias = layer.bv { VectorOps.add(bias, v, kvw) }
                rope.apply(q, heads: hp.headCount, headDim: hp.keyLength, position: position + i)
                rope.apply(k, heads: hp.headCountKV, headDim: hp.keyLength, position: position + i)
                VectorOps.toHalf(k, cache.key(l, position + i), kvw)
                VectorOps.toHalf(v, cache.value(l, position + i), kvw)
            }
            attention.run(
                q: b.q.pointer, out: b.attn.pointer, n: n, position: position, layer: l, cache: cache,
                window: nil, pool: pool)
            matmul.multiply(layer.wo, b.attn.pointer, n: n, xn)
            VectorOps.add(xn, x, n * dim)
            // Feed-forward block: x += down(silu(gate(norm(x))) · up(norm(x)))
            for i in 0..<n { RMSNorm.apply(x + i * dim, layer.ffnNorm, xn + i * dim, dim, epsilon: hp.normEpsilon) }
            matmul.multiply(layer.gate, b.gate.pointer, layer.up, b.up.pointer, x: xn, n: n)
            VectorOps.swiglu(b.gate.pointer, b.up.pointer, n * ff)
            matmul.multiply(layer.down, b.gate.pointer, n: n, xn)
            VectorOps.add(xn, x, n * dim)
        }
        cache.count = position + n
        // Output: logits = output · norm(x) for the rows asked.
        let first = rows == .last ? n - 1 : 0
        for i in first..<n { RMSNorm.apply(x + i * dim, outputNorm, xn + i * dim, dim, epsilon: hp.normEpsilon) }
        matmul.multiply(output, xn + first * dim, n: n - first, logits)
    }
}

extension LlamaModel: RotaryModel {
    func rope(forLayer layer: Int) -> RoPE { rope }
}
