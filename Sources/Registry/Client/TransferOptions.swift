import Foundation

/// Tuning of pulls and pushes. Defaults suit the public registry; tests shorten the timers.
public struct TransferOptions: Sendable {
    /// Allow plain `http` (and force it), ollama's `insecure`.
    public var insecure = false
    /// Parallel byte ranges per blob (ollama: `OLLAMA_MAX_TRANSFER_STREAMS`).
    public var maxStreams = 4
    /// A blob is cut in parts of `size/16`, clamped to these bounds.
    public var minPartSize: Int64 = 32 << 20
    public var maxPartSize: Int64 = 1_000_000_000
    /// Seconds without a byte before a range request is restarted (not counted as a retry).
    public var stallTimeout: Double = 30
    /// Retries of a failing range request or upload chunk; the delay doubles from `retryDelay` seconds.
    public var maxRetries = 6
    public var retryDelay: Double = 1
    /// Cap on a manifest body.
    public var manifestLimit = 16 << 20
    /// Size of each `PATCH` of a push.
    public var uploadChunkSize: Int64 = 64 << 20
    /// Remove the layers an updated manifest no longer references (off with `OLLAMA_NOPRUNE`).
    public var pruneOldLayers = true
    /// Seconds between two progress reports of one layer.
    public var progressInterval: Double = 0.06

    public init(insecure: Bool = false) { self.insecure = insecure }
}

/// One progress report, the fields of ollama's `api.ProgressResponse`.
public struct TransferProgress: Sendable, Equatable {
    public var status: String
    public var digest: Digest?
    public var total: Int64?
    public var completed: Int64?

    public init(status: String, digest: Digest? = nil, total: Int64? = nil, completed: Int64? = nil) {
        self.status = status
        self.digest = digest
        self.total = total
        self.completed = completed
    }
}
