import Foundation

/// Text in, sentence embeddings out, for an embedding model (architecture `bert`).
///
/// Inputs are tokenized with the model's WordPiece tokenizer ([CLS] … [SEP]), packed into as few
/// forward passes as fit `maxBatchTokens`, pooled as the model says (`bert.pooling_type`) and,
/// by default, L2-normalised. Calls are serialised: one forward at a time per model.
public final class Embedder: @unchecked Sendable {
    /// The architectures that produce embeddings.
    public static let architectures: Set<String> = ["bert"]

    public let tokenizer: Tokenizer
    /// Length of the vectors.
    public var dimensions: Int { model.dim }
    /// The most tokens of one input, [CLS] and [SEP] included.
    public let contextLength: Int
    let model: BertModel
    private let lock = NSLock()

    /// Whether `file` is a model this type can run.
    public static func supports(_ file: GGUFFile) -> Bool {
        architectures.contains(file.metadata.string("general.architecture") ?? "")
    }

    /// Loads the model of `file`.
    /// - Parameters:
    ///   - contextLength: the longest input (defaults to, and is capped at, the trained context length).
    ///   - maxBatchTokens: tokens of all inputs of one forward pass (raised to the context length).
    /// - Throws: `EmbedError.notAnEmbeddingModel`, `ModelError`, `TokenizerError`.
    package init(file: GGUFFile, pool: ThreadPool, contextLength: Int? = nil, maxBatchTokens: Int = 2048) throws {
        let arch = file.metadata.string("general.architecture") ?? ""
        guard Self.architectures.contains(arch) else { throw EmbedError.notAnEmbeddingModel(arch) }
        tokenizer = try Tokenizer(file)
        model = try BertModel(file: file, pool: pool, maxTokens: maxBatchTokens)
        self.contextLength = max(2, min(contextLength ?? model.contextLength, model.contextLength))
    }

    /// The token ids of `text` as the model sees them: [CLS] … [SEP], at most `contextLength`.
    /// - Throws: `EmbedError.inputTooLong` when the text is longer and `truncate` is false.
    public func tokenize(_ text: String, truncate: Bool) throws -> [Int32] {
        var ids = tokenizer.encode(text, addSpecial: true, parseSpecial: true)
        if ids.count > contextLength {
            guard truncate else { throw EmbedError.inputTooLong }
            let last = ids[ids.count - 1]
            ids.removeSubrange((contextLength - 1)...)
            ids.append(last)
        }
        return ids
    }

    /// The embedding of every text and its token count.
    /// - Parameters:
    ///   - truncate: cut inputs longer than the context (else throw `EmbedError.inputTooLong`).
    ///   - normalize: L2-normalise each vector (`/api/embed`); false for the legacy `/api/embeddings`.
    public func embed(_ texts: [String], truncate: Bool = true, normalize: Bool = true) throws
        -> (vectors: [[Float]], tokenCounts: [Int]) {
        let sequences = try texts.map { try tokenize($0, truncate: truncate) }
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        lock.lock()
        defer { lock.unlock() }
        var batch: [[Int32]] = []
        var batchTokens = 0
        for seq in sequences {
            if batchTokens + seq.count > model.maxTokens, !batch.isEmpty {
                vectors += model.forward(batch)
                batch = []
                batchTokens = 0
            }
            batch.append(seq)
            batchTokens += seq.count
        }
        if !batch.isEmpty { vectors += model.forward(batch) }
        for i in vectors.indices {
            guard vectors[i].allSatisfy({ $0.isFinite }) else { throw EmbedError.nonFinite }
            if normalize { vectors[i] = Self.normalized(vectors[i]) }
        }
        return (vectors, sequences.map(\.count))
    }

    /// `v / ‖v‖` (v itself when it is zero).
    public static func normalized(_ v: [Float]) -> [Float] {
        var sum: Double = 0
        for x in v { sum += Double(x) * Double(x) }
        guard sum > 0 else { return v }
        let inv = Float(1 / sum.squareRoot())
        return v.map { $0 * inv }
    }
}
