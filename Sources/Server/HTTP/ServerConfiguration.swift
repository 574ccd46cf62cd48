/// Settings of the HTTP server; filled in by the CLI (which reads the environment), never read here.
public struct ServerConfiguration: Sendable {
    /// The address to bind: an IPv4 or IPv6 literal (`127.0.0.1`, `::1`, `0.0.0.0`), or `localhost`.
    public var host: String = "127.0.0.1"
    /// The port; `0` picks a free one (reported by `HTTPServer.port`).
    public var port: Int = 11434
    /// Extra allowed CORS origins (`OLLAMA_ORIGINS`), `*` wildcards allowed.
    public var allowedOrigins: [String] = []
    /// Connections served at once; more get 503 and are closed.
    public var maxConnections: Int = 512
    /// The largest request head (request line + fields) in bytes; more gets 431.
    public var maxHeaderBytes: Int = 64 * 1024
    /// The most header fields in a request; more gets 431.
    public var maxHeaderCount: Int = 100
    /// The body limit of `.standard` routes (JSON), in bytes; more gets 413.
    public var maxBodySize: Int = 32 * 1024 * 1024
    /// Seconds an idle keep-alive connection is kept open.
    public var idleTimeout: Double = 300
    /// Seconds allowed to receive a whole request head once it has started.
    public var headerTimeout: Double = 30
    /// Seconds to wait for each piece of a request body.
    public var bodyReadTimeout: Double = 300
    /// Seconds `stop()` lets in-flight requests finish before closing their connections.
    public var shutdownGracePeriod: Double = 10

    public init(host: String = "127.0.0.1", port: Int = 11434, allowedOrigins: [String] = []) {
        self.host = host
        self.port = port
        self.allowedOrigins = allowedOrigins
    }
}
