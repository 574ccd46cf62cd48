/// Which rows of a batch need logits.
public enum LogitRows: Sendable {
    /// Only the last token of the batch (generation).
    case last
    /// Every token of the batch (perplexity, scoring).
    case all
}

/// A decoder-only language model ready to run: tokens in, logits out.
///
/// Implementations allocate their work buffers once; `forward` allocates nothing.
public protocol LanguageModel: AnyObject {
    /// The model's shape.
    var hyperParameters: HyperParameters { get }
    /// The largest batch `forward` takes at once.
    var maxBatch: Int { get }

    /// A KV cache for `contextLength` positions.
    func makeCache(contextLength: Int) -> KVCache

    /// Runs `tokens` at positions `position ..< position + tokens.count`, storing their K/V in `cache`.
    ///
    /// - Parameters:
    ///   - tokens: at most `maxBatch` token ids, each below the vocabulary size.
    ///   - position: the position of the first token; `position + tokens.count ≤ cache.capacity`.
    ///   - logits: `vocabularySize` floats for `.last`, `tokens.count × vocabularySize` for `.all`.
    func forward(
        _ tokens: UnsafeBufferPointer<Int32>, position: Int, cache: KVCache,
        rows: LogitRows, logits: UnsafeMutablePointer<Float>)
}

extension LanguageModel {
    /// Rotates one cached K row ([kv_heads, head_dim]) of `layer` by `delta` positions, for the
    /// context shift. Architectures whose layers use different RoPE settings override it.
    public func rotateKeys(_ row: UnsafeMutablePointer<Float>, layer: Int, delta: Int) {
        (self as? any RotaryModel)?.rope(forLayer: layer).apply(
            row, heads: hyperParameters.headCountKV, headDim: hyperParameters.keyLength, position: delta)
    }
}

/// A model whose keys are rotated by RoPE, so that the KV cache can be shifted.
package protocol RotaryModel {
    /// The rotation of `layer`.
    func rope(forLayer layer: Int) -> RoPE
}
