/// The activations of a decoder forward pass, allocated once for the largest batch.
final class DecoderBuffers {
    let x: Buffer  // [batch, dim]  residual stream
    let xn: Buffer  // [batch, dim]  normed input of a sub-block, then its output
    let q: Buffer  // [batch, heads·head_dim]
    let k: Buffer  // [batch, kv_heads·head_dim]
    let v: Buffer  // [batch, kv_heads·head_dim]
    let attn: Buffer  // [batch, heads·head_dim]  attention output before Wo
    let gate: Buffer  // [batch, ff]
    let up: Buffer  // [batch, ff]
    /// [threads, scoreStride] attention scores; grows with the largest cache seen.
    private(set) var scores: Buffer
    private(set) var scoreStride = 0
    let threads: Int

    init(_ hp: HyperParameters, maxBatch: Int, threads: Int) {
        let qw = hp.headCount * hp.keyLength
        x = Buffer(maxBatch * hp.embeddingLength)
        xn = Buffer(maxBatch * max(hp.embeddingLength, qw))
        q = Buffer(maxBatch * qw)
        k = Buffer(maxBatch * hp.kvWidth)
        v = Buffer(maxBatch * hp.kvWidth)
        attn = Buffer(maxBatch * qw)
        gate = Buffer(maxBatch * hp.feedForwardLength)
        up = Buffer(maxBatch * hp.feedForwardLength)
        self.threads = threads
        scores = Buffer(0)
    }

    /// Makes room for attention over `capacity` positions (allocates only when it grows).
    func ensureScores(capacity: Int) {
        guard capacity > scoreStride else { return }
        scoreStride = capacity
        scores = Buffer(threads * capacity)
    }
}
