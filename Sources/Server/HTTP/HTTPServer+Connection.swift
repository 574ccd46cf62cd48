#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Connection loop

extension HTTPServer {
    /// Serves requests on one connection until it closes, errs, times out or the server stops.
    func serveConnection(_ fd: Int32) {
        let stream = SocketStream(fd: fd, wakeFD: wakeFD, capacity: max(configuration.maxHeaderBytes, 16 * 1024))
        let dates = HTTPDateCache()
        defer { connectionFinished(fd) }
        while true {
            let head: HTTPRequestHead
            do {
                guard let parsed = try readHead(stream) else { return }
                head = parsed
            } catch let error as HTTPParseError {
                rejectMalformed(stream, dates: dates, error.status)
                return
            } catch {
                return  // timeout, peer gone, shutdown
            }
            switch serveRequest(head, stream: stream, dates: dates) {
            case .keepAlive:
                continue
            case .close:
                return
            case .closeUnread:
                lingeringClose(stream)
                return
            }
        }
    }

    /// Reads one request head, waiting up to the idle timeout for it to begin and the header
    /// timeout for it to complete.
    ///
    /// - Returns: `nil` when the client closed (or the server is stopping) between requests.
    private func readHead(_ stream: SocketStream) throws -> HTTPRequestHead? {
        var scanned = 0
        var headDeadline: Int?
        while true {
            if stream.buffered > 0 {
                let skip = HTTPParser.leadingEmptyLines(in: stream.bufferedBytes)
                if skip > 0 {
                    stream.consume(skip)
                    scanned = 0
                }
            }
            if stream.buffered > 0 {
                if headDeadline == nil {
                    headDeadline = monotonicMilliseconds() + Int(configuration.headerTimeout * 1000)
                }
                if let length = HTTPParser.headLength(in: stream.bufferedBytes, scanned: &scanned) {
                    guard length <= configuration.maxHeaderBytes else { throw HTTPParseError.headersTooLarge }
                    let bytes = UnsafeBufferPointer(rebasing: stream.bufferedBytes[0..<length])
                    let head = try HTTPParser.parseRequestHead(bytes, maxHeaderCount: configuration.maxHeaderCount)
                    stream.consume(length)
                    return head
                }
                if stream.buffered >= configuration.maxHeaderBytes { throw HTTPParseError.headersTooLarge }
            }
            let idle = stream.buffered == 0
            if idle, isStopping { return nil }
            let deadline = headDeadline ?? (monotonicMilliseconds() + Int(configuration.idleTimeout * 1000))
            do {
                if try stream.fill(deadline: deadline, interruptible: idle) == 0 { return nil }
            } catch SocketError.shuttingDown {
                return nil
            }
        }
    }

    /// Answers a request whose head was malformed, then closes the connection.
    private func rejectMalformed(_ stream: SocketStream, dates: HTTPDateCache, _ status: HTTPStatus) {
        let writer = HTTPResponseWriter(stream: stream, dates: dates, isHeadRequest: false, minorVersion: 1, keepAlive: false)
        try? writer.send(status, contentType: "text/plain; charset=utf-8", body: "\(status.code) \(status.reason)")
        lingeringClose(stream)
    }

    /// Half-closes and drains briefly so the client reads our last response instead of a reset.
    private func lingeringClose(_ stream: SocketStream) {
        shutdown(stream.fd, Int32(SHUT_WR))
        let deadline = monotonicMilliseconds() + 500
        var drained = 0
        while drained < 256 * 1024 {
            stream.consume(stream.buffered)
            guard let n = try? stream.fill(deadline: deadline), n > 0 else { return }
            drained += n
        }
    }

    // MARK: - One request

    /// What happens to the connection after a request.
    private enum Disposition {
        case keepAlive
        case close
        /// Close, but the client may still be sending a body: drain briefly so it sees our response.
        case closeUnread
    }

    /// Runs one request through CORS, the host guard, the router and the handler.
    ///
    /// - Returns: whether and how the connection goes on.
    private func serveRequest(_ head: HTTPRequestHead, stream: SocketStream, dates: HTTPDateCache) -> Disposition {
        let started = requestLogger == nil ? 0 : monotonicMilliseconds()
        let framing: HTTPBodyFraming
        do {
            framing = try HTTPBodyFraming.of(headers: head.headers, isRequest: true)
        } catch {
            rejectMalformed(stream, dates: dates, (error as? HTTPParseError)?.status ?? .badRequest)
            return .close
        }
        let keepAlive = !isStopping && (head.headers.hasToken("close", in: "Connection") ? false
            : head.minorVersion >= 1 || head.headers.hasToken("keep-alive", in: "Connection"))
        let writer = HTTPResponseWriter(stream: stream, dates: dates, isHeadRequest: head.method == .head,
                                        minorVersion: head.minorVersion, keepAlive: keepAlive)
        var body = HTTPRequestBody.empty
        if framing != .none {
            let reader = HTTPBodyReader(stream: stream, framing: framing, readTimeout: Int(configuration.bodyReadTimeout * 1000))
            body = HTTPRequestBody(reader: reader, expectedLength: nil, limit: nil, sendContinue: nil)
        }
        var request = HTTPRequest(head: head, body: body)
        dispatch(&request, head: head, framing: framing, stream: stream, writer: writer)

        if writer.hasStarted, !writer.isCancelled {
            try? writer.finish()
        }
        if let requestLogger {
            let seconds = Double(monotonicMilliseconds() - started) / 1000
            requestLogger(request.method, request.path, writer.status?.code ?? 0, seconds)
        }
        if writer.isCancelled { return .close }
        guard writer.keepAlive, writer.isFinished else { return request.body.isComplete ? .close : .closeUnread }
        return request.body.drain(maxBytes: 256 * 1024, timeoutMilliseconds: 1000) ? .keepAlive : .closeUnread
    }

    /// Applies the middleware and the route; always leaves a response started (or the client gone).
    private func dispatch(_ request: inout HTTPRequest, head: HTTPRequestHead, framing: HTTPBodyFraming,
                          stream: SocketStream, writer: HTTPResponseWriter) {
        switch cors.evaluate(method: head.method, headers: head.headers) {
        case .forbidden:
            try? writer.send(.forbidden)
            return
        case .preflight(let headers):
            writer.headers = headers
            try? writer.send(.noContent)
            return
        case .proceed(let headers):
            writer.headers = headers
        }
        guard hostGuard.allows(hostHeader: head.headers["Host"] ?? "") else {
            try? writer.send(.forbidden)
            return
        }
        if head.method == .options {
            try? writer.send(.noContent)
            return
        }
        switch router.resolve(head.method, path: request.path) {
        case .notFound:
            try? writer.send(.notFound, contentType: "text/plain", body: "404 page not found")
        case .methodNotAllowed:
            try? writer.send(.methodNotAllowed, contentType: "text/plain", body: "405 method not allowed")
        case .found(let route, let parameters):
            let limit: Int?
            switch route.bodyLimit {
            case .standard: limit = configuration.maxBodySize
            case .bytes(let n): limit = n
            case .unlimited: limit = nil
            }
            var expected: Int?
            if case .length(let n) = framing {
                expected = n
                if let limit, n > limit {
                    writer.keepAlive = false
                    try? writer.sendError(.contentTooLarge, message: "http: request body too large")
                    return
                }
            }
            if framing != .none {
                let wantsContinue = head.minorVersion >= 1 && head.headers.hasToken("100-continue", in: "Expect")
                let reader = HTTPBodyReader(stream: stream, framing: framing,
                                            readTimeout: Int(configuration.bodyReadTimeout * 1000))
                let sendContinue: (() throws -> Void)? = wantsContinue
                    ? { try stream.write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) } : nil
                request = HTTPRequest(head: head, body: HTTPRequestBody(
                    reader: reader, expectedLength: expected, limit: limit, sendContinue: sendContinue))
            }
            request.parameters = parameters
            run(route, request, writer)
        }
    }

    /// Calls the handler and turns a thrown error into a response when nothing was sent yet.
    private func run(_ route: Route, _ request: HTTPRequest, _ writer: HTTPResponseWriter) {
        do {
            try route.handler(request, writer)
            if !writer.hasStarted { try writer.send(.ok) }
        } catch let error as SocketError {
            _ = error
            writer.keepAlive = false
            if !writer.hasStarted, !writer.isCancelled {
                try? writer.sendError(.badRequest, message: "\(error)")
            }
        } catch {
            guard !writer.hasStarted else {
                return  // mid-stream errors are the handler's business; the stream is just ended
            }
            if let responseError = error as? any HTTPResponseError {
                if responseError.status.code == 413 || responseError.status.code == 400 { writer.keepAlive = false }
                try? writer.sendError(responseError.status, message: responseError.message)
            } else {
                try? writer.sendError(.internalServerError, message: "\(error)")
            }
        }
    }
}
