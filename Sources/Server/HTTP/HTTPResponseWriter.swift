/// Writes one response on a connection: either a whole body with `Content-Length`, or a chunked
/// stream where every `write` is sent at once (one NDJSON line, one SSE event).
///
/// A failed write (client gone) throws and sets `isCancelled`; long-running handlers should also
/// poll `isCancelled` between steps, which detects a peer close without writing.
public final class HTTPResponseWriter {
    private enum State {
        case idle, streaming, finished
    }

    private let stream: SocketStream
    private let dates: HTTPDateCache
    private let isHeadRequest: Bool
    private let minorVersion: Int
    private var state = State.idle
    private var cancelled = false
    /// Whether the connection may serve another request after this response.
    package var keepAlive: Bool
    /// Whether the response was completely written.
    package var isFinished: Bool { state == .finished && !cancelled }
    /// Headers added to whatever the handler sends (CORS headers are placed here).
    public var headers = HTTPHeaders()
    /// The status sent, once the response has started.
    public private(set) var status: HTTPStatus?

    package init(stream: SocketStream, dates: HTTPDateCache, isHeadRequest: Bool, minorVersion: Int, keepAlive: Bool) {
        self.stream = stream
        self.dates = dates
        self.isHeadRequest = isHeadRequest
        self.minorVersion = minorVersion
        self.keepAlive = keepAlive
    }

    /// Whether the status line has been sent (the status can no longer change).
    public var hasStarted: Bool { state != .idle }

    /// Whether the client has gone away (a write failed, or the socket shows a close).
    public var isCancelled: Bool {
        if !cancelled, !stream.peerIsConnected() { cancelled = true }
        return cancelled
    }

    /// Whether the client is still connected; cheap enough to call once per generated token.
    public func connectionIsAlive() -> Bool {
        !isCancelled
    }

    // MARK: - Whole responses

    /// Sends a complete response with `Content-Length`.
    public func send(_ status: HTTPStatus, headers extra: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) throws {
        precondition(state == .idle, "response already started")
        var head = makeHead(status, extra)
        if !status.forbidsBody {
            appendField(&head, "Content-Length", Array(String(body.count).utf8))
        }
        head.append(contentsOf: [0x0D, 0x0A])
        if !isHeadRequest, !status.forbidsBody { head.append(contentsOf: body) }
        state = .finished
        self.status = status
        try output(head)
    }

    /// Sends a complete text response.
    public func send(_ status: HTTPStatus, contentType: String, body: String) throws {
        var extra = HTTPHeaders()
        extra.add("Content-Type", contentType)
        try send(status, headers: extra, body: Array(body.utf8))
    }

    /// Sends ollama's error shape `{"error":"<message>"}` with `status`.
    public func sendError(_ status: HTTPStatus, message: String) throws {
        var extra = HTTPHeaders()
        extra.add("Content-Type", "application/json; charset=utf-8")
        try send(status, headers: extra, body: Array(errorJSON(message).utf8))
    }

    // MARK: - Streams

    /// Starts a streamed response (chunked on HTTP/1.1; on HTTP/1.0 the connection closes at the end).
    public func startStream(_ status: HTTPStatus = .ok, headers extra: HTTPHeaders = HTTPHeaders()) throws {
        precondition(state == .idle, "response already started")
        if minorVersion == 0 { keepAlive = false }
        var head = makeHead(status, extra)
        if minorVersion >= 1, !isHeadRequest {
            appendField(&head, "Transfer-Encoding", Array("chunked".utf8))
        }
        head.append(contentsOf: [0x0D, 0x0A])
        state = .streaming
        self.status = status
        try output(head)
    }

    /// Sends one piece of a streamed body immediately.
    public func write(_ bytes: [UInt8]) throws {
        precondition(state == .streaming, "write outside a stream")
        guard !bytes.isEmpty, !isHeadRequest else { return }
        if minorVersion == 0 {
            try output(bytes)
            return
        }
        var frame = Array(String(bytes.count, radix: 16).utf8)
        frame.reserveCapacity(frame.count + bytes.count + 4)
        frame.append(contentsOf: [0x0D, 0x0A])
        frame.append(contentsOf: bytes)
        frame.append(contentsOf: [0x0D, 0x0A])
        try output(frame)
    }

    /// Sends a piece of text.
    public func write(_ text: String) throws {
        try write(Array(text.utf8))
    }

    /// Ends a streamed body (terminating chunk). Idempotent; a no-op for whole responses.
    public func finish() throws {
        guard state == .streaming else { return }
        state = .finished
        if minorVersion >= 1, !isHeadRequest, !cancelled {
            try output([0x30, 0x0D, 0x0A, 0x0D, 0x0A])
        }
    }

    // MARK: - Encoding

    private func makeHead(_ status: HTTPStatus, _ extra: HTTPHeaders) -> [UInt8] {
        var head: [UInt8] = []
        head.reserveCapacity(256)
        head.append(contentsOf: Array("HTTP/1.\(minorVersion) \(status.code) \(status.reason)\r\n".utf8))
        for field in headers { appendField(&head, field.name, Array(field.value.utf8)) }
        for field in extra { appendField(&head, field.name, Array(field.value.utf8)) }
        appendField(&head, "Date", dates.current())
        if !keepAlive {
            appendField(&head, "Connection", Array("close".utf8))
        } else if minorVersion == 0 {
            appendField(&head, "Connection", Array("keep-alive".utf8))
        }
        return head
    }

    private func appendField(_ head: inout [UInt8], _ name: String, _ value: [UInt8]) {
        head.append(contentsOf: name.utf8)
        head.append(contentsOf: [0x3A, 0x20])
        head.append(contentsOf: value)
        head.append(contentsOf: [0x0D, 0x0A])
    }

    private func output(_ bytes: [UInt8]) throws {
        if cancelled { throw SocketError.closed }
        do {
            try stream.write(bytes)
        } catch {
            cancelled = true
            keepAlive = false
            throw error
        }
    }
}

/// `{"error":"<message>"}` with the message JSON-escaped.
package func errorJSON(_ message: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(message.utf8.count + 2)
    for scalar in message.unicodeScalars {
        switch scalar {
        case "\"": escaped += "\\\""
        case "\\": escaped += "\\\\"
        case "\n": escaped += "\\n"
        case "\r": escaped += "\\r"
        case "\t": escaped += "\\t"
        case "<": escaped += "\\u003c"
        case ">": escaped += "\\u003e"
        case "&": escaped += "\\u0026"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
    }
    return "{\"error\":\"\(escaped)\"}"
}
