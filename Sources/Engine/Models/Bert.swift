import Foundation

// The bert architecture (BERT, MiniLM, bge, all-MiniLM): token + absolute position + token-type
// (row 0) embeddings and a LayerNorm, then post-norm encoder blocks with bidirectional attention
// and a GELU feed-forward; the hidden states are pooled into one vector per input.
// Reference: llama.cpp src/models/bert.cpp (graph) and the bert tensors of llama-model.cpp.

/// How token states become one sentence vector (`bert.pooling_type`).
public enum PoolingType: Int, Sendable {
    /// The average over all tokens of the input ([CLS] and [SEP] included).
    case mean = 1
    /// The first token ([CLS]).
    case cls = 2
    /// The last token.
    case last = 3
}

/// A BERT encoder: batches of token sequences in, one pooled vector per sequence out.
///
/// Several sequences run in one forward pass: their tokens are concatenated, every matrix product
/// covers all of them, and attention stays inside each sequence (the block-diagonal mask of a
/// padded batch, without the padding). Not thread-safe: one forward at a time.
final class BertModel {
    let file: GGUFFile  // keeps the mapping alive
    let dim: Int  // bert.embedding_length
    let heads: Int  // bert.attention.head_count
    let headDim: Int  // dim / heads
    let ff: Int  // bert.feed_forward_length
    let epsilon: Float  // bert.attention.layer_norm_epsilon
    /// Positions the model was trained on (`bert.context_length`): the longest sequence.
    let contextLength: Int
    let vocabularySize: Int
    let pooling: PoolingType
    /// The most tokens (all sequences together) of one forward pass.
    let maxTokens: Int
    let tokenEmbedding: WeightMatrix  // token_embd.weight      [dim → vocab]
    let positionEmbedding: WeightMatrix  // position_embd.weight [dim → context]
    let typeEmbedding: [Float]?  // token_types.weight row 0    [dim]
    let embedNormW: [Float]  // token_embd_norm.weight          [dim]
    let embedNormB: [Float]  // token_embd_norm.bias            [dim]
    let layers: [BertLayer]
    let pool: ThreadPool
    let matmul: MatMul
    // Work buffers, [maxTokens, width] row-major.
    let x: Buffer, q: Buffer, k: Buffer, v: Buffer
    let attn: Buffer, tmp: Buffer, hidden: Buffer

    init(file: GGUFFile, pool: ThreadPool, maxTokens: Int = 2048) throws {
        let arch = "bert", m = file.metadata
        func required(_ key: String) throws -> Int {
            guard let v = m.int("\(arch).\(key)") else { throw ModelError.missingKey("\(arch).\(key)") }
            guard v > 0, v < 1 << 24 else { throw ModelError.invalidHyperParameter("\(arch).\(key) = \(v)") }
            return v
        }
        self.file = file
        self.pool = pool
        dim = try required("embedding_length")
        heads = try required("attention.head_count")
        ff = try required("feed_forward_length")
        contextLength = try required("context_length")
        let blocks = try required("block_count")
        guard dim % heads == 0 else { throw ModelError.invalidHyperParameter("embedding_length \(dim) is not a multiple of head_count \(heads)") }
        headDim = dim / heads
        epsilon = m.float("\(arch).attention.layer_norm_epsilon") ?? 1e-12
        vocabularySize = m.stringArray("tokenizer.ggml.tokens")?.count ?? 0
        guard vocabularySize > 0 else { throw ModelError.missingKey("tokenizer.ggml.tokens") }
        let poolingValue = m.int("\(arch).pooling_type") ?? PoolingType.mean.rawValue
        guard let pooling = PoolingType(rawValue: poolingValue) else {
            throw ModelError.invalidHyperParameter("\(arch).pooling_type = \(poolingValue) (supported: 1 mean, 2 cls, 3 last)")
        }
        self.pooling = pooling
        self.maxTokens = max(maxTokens, contextLength)
        let w = TensorLoader(file: file)
        tokenEmbedding = try w.matrix("token_embd.weight", cols: dim, rows: vocabularySize)
        positionEmbedding = try w.matrix("position_embd.weight", cols: dim, rows: contextLength)
        if let types = file.tensor(named: "token_types.weight") {
            let matrix = try w.matrix("token_types.weight", cols: dim, rows: types.shape.count > 1 ? types.shape[1] : 1)
            var row = [Float](repeating: 0, count: dim)
            row.withUnsafeMutableBufferPointer { buf in
                if let base = buf.baseAddress { matrix.dequantizeRow(0, into: base) }
            }
            typeEmbedding = row
        } else {
            typeEmbedding = nil
        }
        embedNormW = try w.vector("token_embd_norm.weight", count: dim)
        embedNormB = try w.vector("token_embd_norm.bias", count: dim)
        layers = try (0..<blocks).map { [dim, ff] i in try BertLayer(w, i, dim: dim, ff: ff) }
        matmul = MatMul(pool: pool)
        let n = self.maxTokens
        x = Buffer(n * dim)
        q = Buffer(n * dim)
        k = Buffer(n * dim)
        v = Buffer(n * dim)
        attn = Buffer(n * dim)
        tmp = Buffer(n * dim)
        hidden = Buffer(n * ff)
    }

    /// The pooled (not normalised) vector of each sequence.
    ///
    /// - Precondition: every sequence has 1…`contextLength` tokens below the vocabulary size, and
    ///   all together at most `maxTokens`.
    func forward(_ sequences: [[Int32]]) -> [[Float]] {
        let starts = sequences.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) }
        let n = starts[sequences.count]
        precondition(n <= maxTokens && sequences.allSatisfy { !$0.isEmpty && $0.count <= contextLength },
                     "sequences fit the model")
        let x = x.pointer, tmp = tmp.pointer
        // Embeddings: token + token type 0 + position, then LayerNorm.
        for (s, seq) in sequences.enumerated() {
            for (p, token) in seq.enumerated() {
                precondition(token >= 0 && Int(token) < vocabularySize, "token in vocabulary")
                let row = x + (starts[s] + p) * dim
                tokenEmbedding.dequantizeRow(Int(token), into: row)
                positionEmbedding.dequantizeRow(p, into: tmp)
                if let typeEmbedding { VectorOps.add(typeEmbedding, row, dim) }
                VectorOps.add(tmp, row, dim)
            }
        }
        for t in 0..<n { LayerNorm.apply(x + t * dim, embedNormW, embedNormB, x + t * dim, dim, epsilon: epsilon) }
        for layer in layers { run(layer, n: n, starts: starts) }
        return (0..<sequences.count).map { pool(x, from: starts[$0], to: starts[$0 + 1]) }
    }

    /// One encoder block on the n tokens in `x`.
    private func run(_ layer: BertLayer, n: Int, starts: [Int]) {
        let x = x.pointer, tmp = tmp.pointer, hidden = hidden.pointer
        linear(layer.wq, layer.bq, x, n, q.pointer)
        linear(layer.wk, layer.bk, x, n, k.pointer)
        linear(layer.wv, layer.bv, x, n, v.pointer)
        attention(n: n, starts: starts)
        linear(layer.wo, layer.bo, attn.pointer, n, tmp)
        // x = LayerNorm(attn_out + x)
        addAndNormalize(tmp, x, layer.attnNormW, layer.attnNormB, n)
        // x = LayerNorm(down(gelu(up(x))) + x)
        matmul.multiply(layer.up, x, n: n, hidden)
        let ff = ff
        GELUTable.values.withUnsafeBufferPointer { table in
            guard let table = table.baseAddress else { return }
            forTokenChunks(n) { t0, t1 in
                for t in t0..<t1 {
                    let row = hidden + t * ff
                    if let upB = layer.upB { VectorOps.add(upB, row, ff) }
                    for i in 0..<ff { row[i] = GELUTable.gelu(row[i], table) }
                }
            }
        }
        linear(layer.down, layer.downB, hidden, n, tmp)
        addAndNormalize(tmp, x, layer.outNormW, layer.outNormB, n)
    }

    /// x[t] = LayerNorm(x[t] + residual[t]) for the n tokens, in parallel over tokens.
    private func addAndNormalize(_ residual: UnsafePointer<Float>, _ x: UnsafeMutablePointer<Float>,
                                 _ weight: [Float], _ bias: [Float], _ n: Int) {
        let dim = dim, epsilon = epsilon
        weight.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                guard let w = w.baseAddress, let b = b.baseAddress else { return }
                forTokenChunks(n) { t0, t1 in
                    for t in t0..<t1 {
                        let row = x + t * dim
                        VectorOps.add(residual + t * dim, row, dim)
                        LayerNorm.apply(row, w, b, row, dim, epsilon: epsilon)
                    }
                }
            }
        }
    }

    /// Runs `body(t0, t1)` over chunks of the n tokens on the pool.
    private func forTokenChunks(_ n: Int, _ body: (Int, Int) -> Void) {
        let chunk = 64, tasks = (n + chunk - 1) / chunk
        pool.run(tasks) { task in body(task * chunk, Swift.min(n, (task + 1) * chunk)) }
    }

    /// out[n, w.rows] = input · wᵀ (+ bias).
    private func linear(_ w: WeightMatrix, _ bias: [Float]?, _ input: UnsafePointer<Float>, _ n: Int,
                        _ out: UnsafeMutablePointer<Float>) {
        matmul.multiply(w, input, n: n, out)
        guard let bias else { return }
        let rows = w.rows
        forTokenChunks(n) { t0, t1 in
            for t in t0..<t1 { VectorOps.add(bias, out + t * rows, rows) }
        }
    }

    /// attn = softmax(q·kᵀ/√head_dim)·v per sequence and head, every token seeing every token of its sequence.
    private func attention(n: Int, starts: [Int]) {
        let q = q.pointer, k = k.pointer, v = v.pointer, out = attn.pointer
        let dim = dim, hd = headDim, heads = heads
        let scale = 1 / Float(hd).squareRoot()
        let sequences = starts.count - 1
        pool.run(sequences * heads) { task in
            let s = task / heads, h = task % heads
            let begin = starts[s], length = starts[s + 1] - begin
            withUnsafeTemporaryAllocation(of: Float.self, capacity: length) { scores in
                guard let p = scores.baseAddress else { return }
                for i in 0..<length {
                    let qi = q + (begin + i) * dim + h * hd
                    var maxScore = -Float.infinity
                    for j in 0..<length {
                        let score = VectorOps.dot(qi, k + (begin + j) * dim + h * hd, hd) * scale
                        p[j] = score
                        if score > maxScore { maxScore = score }
                    }
                    var sum: Float = 0
                    for j in 0..<length {
                        let e = GGMLMath.exp(p[j] - maxScore)
                        p[j] = e
                        sum += e
                    }
                    let o = out + (begin + i) * dim + h * hd
                    for d in 0..<hd { o[d] = 0 }
                    let inv = 1 / sum
                    for j in 0..<length {
                        let weight = p[j] * inv, vj = v + (begin + j) * dim + h * hd
                        for d in 0..<hd { o[d] += weight * vj[d] }
                    }
                }
            }
        }
    }

    /// The sentence vector of tokens `from..<to` of `x`.
    private func pool(_ x: UnsafePointer<Float>, from: Int, to: Int) -> [Float] {
        switch pooling {
        case .cls: return Array(UnsafeBufferPointer(start: x + from * dim, count: dim))
        case .last: return Array(UnsafeBufferPointer(start: x + (to - 1) * dim, count: dim))
        case .mean:
            var sum = [Float](repeating: 0, count: dim)
            for t in from..<to { for d in 0..<dim { sum[d] += x[t * dim + d] } }
            let inv = 1 / Float(to - from)
            return sum.map { $0 * inv }
        }
    }
}
