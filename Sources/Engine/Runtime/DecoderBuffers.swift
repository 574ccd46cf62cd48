/// The activations of a decoder forward pass, allocated once for the largest batch.
final class DecoderBuffers {
    let x: Buffer  // [batch, dim]  residual stream
    let xn: Buffer  // [batch, dim]  normed input of a sub-block, then its output
    let q: Buffer  // [batch, heads·head_dim]
    let k: Buffer  // [batch, kv_heads·head_dim]
    let v: Buffer  // [batch, kv_heads·head_dim]
    /// [batch, heads·head_dim] attention output before Wo: the same memory as `q` (every attention
    /// task reads its queries before it writes its outputs over them, and q is not read after).
    let attn: Buffer
    let gate: Buffer  // [batch, ff]
    let up: Buffer  // [batch, ff]

    init(_ hp: HyperParameters, maxBatch: Int, threads: Int) {
        let qw = hp.headCount * hp.keyLength
        x = Buffer(maxBatch * hp.embeddingLength)
        xn = Buffer(maxBatch * max(hp.embeddingLength, qw))
        q = Buffer(maxBatch * qw)
        k = Buffer(maxBatch * hp.kvWidth)
        v = Buffer(maxBatch * hp.kvWidth)
        attn = q
        gate = Buffer(maxBatch * hp.feedForwardLength)
        up = Buffer(maxBatch * hp.feedForwardLength)
    }
}
