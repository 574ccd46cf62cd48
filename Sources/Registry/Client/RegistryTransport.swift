import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The HTTP client of the registry code: a `URLSession` (libcurl on Linux) driven by delegate
/// callbacks, so that bodies are streamed and capped, never buffered whole behind our back.
///
/// Why URLSession and not a socket client of our own: real registries are https (TLS comes with
/// the toolchain only through FoundationNetworking), it honours `HTTP(S)_PROXY`/`NO_PROXY` as
/// users expect, and the same code path is then exercised by the tests against a plain-http
/// registry. What we add on top: a size cap on every body read whole, no transparent
/// decompression (`Accept-Encoding: identity`), credentials dropped on a redirect to another
/// host and https→http redirects refused, and abort hooks used for stall detection.
final class RegistryTransport: @unchecked Sendable {
    private let session: URLSession
    private let delegate: TransportDelegate
    let userAgent: String
    /// Seconds without any sign of life after which a request is aborted (`RegistryClientError.stalled`).
    let idleTimeout: Double

    init(userAgent: String, idleTimeout: Double = 120) {
        self.idleTimeout = idleTimeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 16
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.timeoutIntervalForRequest = 3600
        configuration.timeoutIntervalForResource = 7 * 24 * 3600
        let delegate = TransportDelegate()
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        queue.name = "ollama.registry.transport"
        self.delegate = delegate
        self.userAgent = userAgent
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)
    }

    deinit { session.invalidateAndCancel() }

    /// A request with our fixed headers.
    func request(_ method: String, _ url: URL, headers: [String: String] = [:]) -> URLRequest {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue(userAgent, forHTTPHeaderField: "User-Agent")
        request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        return request
    }

    /// Sends `request` (with `body` if given) and reads the whole response body, at most `limit` bytes.
    /// - Throws: `RegistryClientError.responseTooLarge`, `.transport`, `.cancelled`.
    func send(_ request: URLRequest, body: Data? = nil, limit: Int,
              onSent: (@Sendable (Int64) -> Void)? = nil) async throws -> (HTTPURLResponse, Data) {
        let collector = BodyCollector(limit: limit)
        let control = StreamControl()
        let response = try await run(request, body: body, control: control, onSent: onSent,
                                     onResponse: { _ in }, onData: { try collector.append($0) })
        return (response, collector.data)
    }

    /// Sends `request` and hands the body to `onData` chunk by chunk (on the transport's serial
    /// queue). `onResponse` sees the head first and may throw to refuse the body.
    func stream(_ request: URLRequest, control: StreamControl,
                onResponse: @escaping (HTTPURLResponse) throws -> Void,
                onData: @escaping (Data) throws -> Void) async throws -> HTTPURLResponse {
        try await run(request, body: nil, control: control, onSent: nil, onResponse: onResponse, onData: onData)
    }

    private func run(_ request: URLRequest, body: Data?, control: StreamControl,
                     onSent: (@Sendable (Int64) -> Void)?,
                     onResponse: @escaping (HTTPURLResponse) throws -> Void,
                     onData: @escaping (Data) throws -> Void) async throws -> HTTPURLResponse {
        let task: URLSessionTask
        if let body {
            task = session.uploadTask(with: request, from: body)
        } else {
            task = session.dataTask(with: request)
        }
        // A request with no sign of life (head, body bytes, upload progress) for `idleTimeout` is
        // aborted: a registry that stops answering, or a transfer the URL loading system lost,
        // fails (and is retried where the caller retries) instead of hanging `pull` forever.
        let watchdog = StallWatchdog(timeout: idleTimeout, control: control)
        defer { watchdog.cancel() }
        let state = TaskState(
            onResponse: { watchdog.touch(); try onResponse($0) },
            onData: { watchdog.touch(); try onData($0) },
            onSent: { watchdog.touch(); onSent?($0) },
            control: control)
        control.attach(task, state: state)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPURLResponse, any Error>) in
                state.awaitCompletion(continuation)
                delegate.register(task, state: state, originalURL: request.url)
                task.resume()
            }
        } onCancel: {
            control.abort(with: RegistryClientError.cancelled)
        }
    }
}

/// Lets the owner of a streaming request abort it with a reason (e.g. a stall watchdog).
final class StreamControl: @unchecked Sendable {
    private let lock = NSLock()
    private var task: URLSessionTask?
    private var reason: (any Error)?

    private var state: TaskState?

    func attach(_ task: URLSessionTask, state: TaskState? = nil) {
        let abortNow = lock.withLock { () -> Bool in
            self.task = task
            self.state = state
            return reason != nil
        }
        if abortNow { task.cancel() }
    }

    /// Cancels the request; the awaiting call throws `error` (the first reason given wins) at once,
    /// without waiting for the task's completion callback.
    func abort(with error: any Error) {
        let (task, state, first) = lock.withLock { () -> (URLSessionTask?, TaskState?, Bool) in
            let first = reason == nil
            if first { reason = error }
            return (self.task, self.state, first)
        }
        task?.cancel()
        if first, let state { state.complete(.failure(error)) }
    }

    var abortReason: (any Error)? { lock.withLock { reason } }
}

/// Accumulates a body up to a limit.
final class BodyCollector: @unchecked Sendable {
    let limit: Int
    private(set) var data = Data()

    init(limit: Int) { self.limit = limit }

    func append(_ chunk: Data) throws {
        guard data.count + chunk.count <= limit else { throw RegistryClientError.responseTooLarge(limit: limit) }
        data.append(chunk)
    }
}

/// Per-task callbacks and the continuation that the task's completion resumes.
final class TaskState {
    let onResponse: (HTTPURLResponse) throws -> Void
    let onData: (Data) throws -> Void
    let onSent: (@Sendable (Int64) -> Void)?
    let control: StreamControl
    private let lock = NSLock()
    private var pending: CheckedContinuation<HTTPURLResponse, any Error>?

    /// Set once before the task starts; resumed exactly once by `complete`.
    func awaitCompletion(_ continuation: CheckedContinuation<HTTPURLResponse, any Error>) {
        lock.withLock { pending = continuation }
    }

    /// Resumes the awaiting call with `result` unless it was already resumed.
    func complete(_ result: Result<HTTPURLResponse, any Error>) {
        let continuation = lock.withLock { () -> CheckedContinuation<HTTPURLResponse, any Error>? in
            defer { pending = nil }
            return pending
        }
        continuation?.resume(with: result)
    }
    var response: HTTPURLResponse?
    /// The 401 whose authentication challenge ended the task (see `TransportDelegate`).
    var challengeResponse: HTTPURLResponse?
    var originalHost: String?
    var originalScheme: String?

    init(onResponse: @escaping (HTTPURLResponse) throws -> Void, onData: @escaping (Data) throws -> Void,
         onSent: (@Sendable (Int64) -> Void)?, control: StreamControl) {
        self.onResponse = onResponse
        self.onData = onData
        self.onSent = onSent
        self.control = control
    }
}
