import Foundation
import Engine

/// What a loaded model is for: text generation (`completion`) or sentence embeddings (`embedding`).
package enum RunnerKind: String, Sendable, Equatable {
    case completion
    case embedding
}

/// A model held in memory: its file, weights, tokenizer and either one inference session (KV
/// cache) or an embedder, plus the scheduler's bookkeeping. Requests use it one at a time
/// through `turn`.
package final class Runner: @unchecked Sendable {
    /// The scheduler's key: the weights blob path.
    package let key: String
    /// `DisplayShortest` of the name that loaded it.
    package let name: String
    /// Manifest digest (hex).
    package let digest: String
    package let details: ModelDetails
    package let file: GGUFFile
    package let kind: RunnerKind
    /// The language model (nil for an embedding model).
    package let model: (any LanguageModel)?
    package let tokenizer: Tokenizer
    /// The generation session (nil for an embedding model).
    package let session: InferenceSession?
    /// The embedder (nil for a generation model).
    package let embedder: Embedder?
    /// The model's trained context length, to recompute the runner options of a request.
    package let trainedContext: Int
    /// KV cache bytes per position (0 for an embedding model, which keeps no cache).
    package let kvBytesPerToken: Int
    package let options: RunnerOptions
    /// A pool of `options.threads` threads, when the request asked for its own count.
    let ownPool: ThreadPool?
    /// Nanoseconds the load took.
    package let loadDuration: Int64
    /// Whether the GGUF describes a vision model (a projector or a vision tower).
    package let supportsVision: Bool
    /// FIFO turn for requests to this model.
    package let turn = FIFOLock()

    // Scheduler state, guarded by the scheduler's lock.
    /// Requests holding or waiting for this runner.
    var references = 0
    /// How long it stays loaded once idle.
    var keepAlive: Duration
    /// When it will be unloaded (nil while in use).
    var expiresAt: Date?
    /// Bumped to invalidate a pending expiry timer.
    var timerGeneration = 0
    /// Unload as soon as it is idle.
    var unloadRequested = false

    /// A generation runner.
    init(key: String, name: String, digest: String, details: ModelDetails, file: GGUFFile, model: any LanguageModel,
         tokenizer: Tokenizer, options: RunnerOptions, ownPool: ThreadPool?, loadDuration: Int64,
         supportsVision: Bool, keepAlive: Duration) {
        self.key = key
        self.name = name
        self.digest = digest
        self.details = details
        self.file = file
        kind = .completion
        self.model = model
        self.tokenizer = tokenizer
        embedder = nil
        trainedContext = model.hyperParameters.contextLength
        kvBytesPerToken = Self.kvBytesPerToken(model.hyperParameters)
        self.options = options
        self.ownPool = ownPool
        self.loadDuration = loadDuration
        self.supportsVision = supportsVision
        self.keepAlive = keepAlive
        session = InferenceSession(model: model, contextLength: options.contextLength, batchSize: options.batchSize)
    }

    /// An embedding runner.
    init(key: String, name: String, digest: String, details: ModelDetails, file: GGUFFile, embedder: Embedder,
         trainedContext: Int, options: RunnerOptions, ownPool: ThreadPool?, loadDuration: Int64, keepAlive: Duration) {
        self.key = key
        self.name = name
        self.digest = digest
        self.details = details
        self.file = file
        kind = .embedding
        model = nil
        session = nil
        tokenizer = embedder.tokenizer
        self.embedder = embedder
        self.trainedContext = trainedContext
        kvBytesPerToken = 0
        self.options = options
        self.ownPool = ownPool
        self.loadDuration = loadDuration
        supportsVision = false
        self.keepAlive = keepAlive
    }

    /// Bytes held: the mapped weights plus the KV cache.
    package var size: Int64 { Int64(file.fileSize) + Int64(session?.cache.byteCount ?? 0) }

    /// KV cache bytes per position (f16 K and V over every layer).
    static func kvBytesPerToken(_ h: HyperParameters) -> Int {
        2 * h.blockCount * h.kvWidth * MemoryLayout<Float16>.stride
    }

    /// Releases the dedicated pool, if any.
    func close() {
        ownPool?.shutdown()
    }
}
