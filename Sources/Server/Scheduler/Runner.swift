import Foundation
import Engine

/// A model held in memory: its file, weights, tokenizer and one inference session (KV cache),
/// plus the scheduler's bookkeeping. Requests use it one at a time through `turn`.
package final class Runner: @unchecked Sendable {
    /// The scheduler's key: the weights blob path.
    package let key: String
    /// `DisplayShortest` of the name that loaded it.
    package let name: String
    /// Manifest digest (hex).
    package let digest: String
    package let details: ModelDetails
    package let file: GGUFFile
    package let model: any LanguageModel
    package let tokenizer: Tokenizer
    package let session: InferenceSession
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

    init(key: String, name: String, digest: String, details: ModelDetails, file: GGUFFile, model: any LanguageModel,
         tokenizer: Tokenizer, options: RunnerOptions, ownPool: ThreadPool?, loadDuration: Int64,
         supportsVision: Bool, keepAlive: Duration) {
        self.key = key
        self.name = name
        self.digest = digest
        self.details = details
        self.file = file
        self.model = model
        self.tokenizer = tokenizer
        self.options = options
        self.ownPool = ownPool
        self.loadDuration = loadDuration
        self.supportsVision = supportsVision
        self.keepAlive = keepAlive
        session = InferenceSession(model: model, contextLength: options.contextLength, batchSize: options.batchSize)
    }

    /// Bytes held: the mapped weights plus the KV cache.
    package var size: Int64 { Int64(file.fileSize) + Int64(session.cache.byteCount) }

    /// KV cache bytes per position (f16 K and V over every layer).
    static func kvBytesPerToken(_ h: HyperParameters) -> Int {
        2 * h.blockCount * h.kvWidth * MemoryLayout<Float16>.stride
    }

    /// Releases the dedicated pool, if any.
    func close() {
        ownPool?.shutdown()
    }
}
