/// The shape of a decoder-only transformer, read from the GGUF keys `<arch>.*`.
public struct HyperParameters: Sendable {
    public var architecture: String
    public var blockCount: Int  // <arch>.block_count
    public var embeddingLength: Int  // <arch>.embedding_length (dim)
    public var feedForwardLength: Int  // <arch>.feed_forward_length
    public var headCount: Int  // <arch>.attention.head_count
    public var headCountKV: Int  // <arch>.attention.head_count_kv (defaults to head_count)
    public var keyLength: Int  // <arch>.attention.key_length (defaults to dim / heads)
    public var valueLength: Int  // <arch>.attention.value_length (defaults to key_length)
    public var ropeFreqBase: Float  // <arch>.rope.freq_base (default 10,000)
    public var ropeDimensionCount: Int  // <arch>.rope.dimension_count (defaults to key_length)
    public var ropeScale: Float  // 1 / <arch>.rope.scaling.factor for linear scaling, else 1
    public var normEpsilon: Float  // <arch>.attention.layer_norm_rms_epsilon
    public var contextLength: Int  // <arch>.context_length (trained)
    public var vocabularySize: Int  // tokenizer.ggml.tokens count

    /// Query heads per KV head.
    public var groupSize: Int { headCount / headCountKV }
    /// Width of the K (and V) rows stored per layer and position.
    public var kvWidth: Int { headCountKV * keyLength }

    /// Reads the common keys of `arch` from `metadata`, validating every count.
    public init(metadata: GGUFMetadata, architecture arch: String) throws {
        func required(_ key: String) throws -> Int {
            guard let v = metadata.int("\(arch).\(key)") else { throw ModelError.missingKey("\(arch).\(key)") }
            guard v > 0, v < 1 << 24 else { throw ModelError.invalidHyperParameter("\(arch).\(key) = \(v)") }
            return v
        }
        architecture = arch
        blockCount = try required("block_count")
        embeddingLength = try required("embedding_length")
        feedForwardLength = try required("feed_forward_length")
        headCount = try required("attention.head_count")
        headCountKV = metadata.int("\(arch).attention.head_count_kv") ?? headCount
        keyLength = metadata.int("\(arch).attention.key_length") ?? embeddingLength / headCount
        valueLength = metadata.int("\(arch).attention.value_length") ?? keyLength
        ropeFreqBase = metadata.float("\(arch).rope.freq_base") ?? 10_000
        ropeDimensionCount = metadata.int("\(arch).rope.dimension_count") ?? keyLength
        normEpsilon = metadata.float("\(arch).attention.layer_norm_rms_epsilon") ?? 1e-5
        contextLength = metadata.int("\(arch).context_length") ?? 2048
        vocabularySize = metadata.stringArray("tokenizer.ggml.tokens")?.count ?? 0
        ropeScale = 1
        if metadata.string("\(arch).rope.scaling.type") == "linear",
           let factor = metadata.float("\(arch).rope.scaling.factor"), factor > 0 {
            ropeScale = 1 / factor
        }
        guard headCountKV > 0, headCount % headCountKV == 0 else {
            throw ModelError.invalidHyperParameter("head_count \(headCount) is not a multiple of head_count_kv \(headCountKV)")
        }
        guard keyLength > 0, keyLength <= 1024, keyLength % 2 == 0, valueLength == keyLength else {
            throw ModelError.invalidHyperParameter("key_length \(keyLength), value_length \(valueLength)")
        }
        guard ropeDimensionCount > 0, ropeDimensionCount <= keyLength, ropeDimensionCount % 2 == 0 else {
            throw ModelError.invalidHyperParameter("rope.dimension_count \(ropeDimensionCount)")
        }
        guard vocabularySize > 0 else { throw ModelError.missingKey("tokenizer.ggml.tokens") }
    }
}
