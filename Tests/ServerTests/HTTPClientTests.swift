import Foundation
import Server
import Testing

/// The loopback client: refused connections, bodies, chunked and close-delimited responses.
@Suite struct HTTPClientTests {
    @Test func nothingListeningIsConnectionRefused() throws {
        let server = try TestServer { _ in }
        let port = server.port
        server.stop()
        do {
            _ = try HTTPClient(host: "127.0.0.1", port: port, connectTimeout: 1).send(.get, "/api/version")
            Issue.record("expected an error")
        } catch let error as HTTPClientError {
            #expect(error.isConnectionRefused)
            #expect("\(error)" == "dial tcp 127.0.0.1:\(port): connect: connection refused")
        }
        #expect(throws: HTTPClientError.cannotResolve(host: "no-such-host.invalid")) {
            _ = try HTTPClient(host: "no-such-host.invalid", port: 1, connectTimeout: 1).send(.get, "/")
        }
    }

    @Test func readsLengthChunkedAndCloseDelimitedBodies() throws {
        let server = try TestServer { router in
            router.post("/echo") { request, response in
                try response.send(.ok, body: try request.body.collect())
            }
            router.get("/chunks") { _, response in
                try response.startStream()
                try response.write("a\nbb\r\n")
                try response.write("ccc")  // final line without newline
            }
        }
        defer { server.stop() }
        let payload = Array("{\"model\":\"x\"}".utf8)
        let echo = try server.client.send(.post, "/echo", headers: ["Content-Type": "application/json"], body: .data(Data(payload)))
        #expect(try echo.readAll() == payload)

        let chunks = try server.client.send(.get, "/chunks")
        var lines: [String] = []
        while let line = try chunks.readLine() { lines.append(String(decoding: line, as: UTF8.self)) }
        #expect(lines == ["a", "bb", "ccc"])

        // HTTP/1.0 streams are delimited by closing the connection.
        let closeDelimited = try TestServer { router in
            router.get("/old") { _, response in
                try response.startStream()
                try response.write("line1\nline2\n")
            }
        }
        defer { closeDelimited.stop() }
        let connection = try closeDelimited.raw()
        try connection.send("GET /old HTTP/1.0\r\n\r\n")
        while (try? connection.stream.fill(deadline: monotonicMilliseconds() + 2000)) ?? 0 > 0 {}
        let text = String(decoding: Array(connection.stream.bufferedBytes), as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.0 200 OK\r\n"))
        #expect(!text.contains("Transfer-Encoding"))
        #expect(text.hasSuffix("\r\n\r\nline1\nline2\n"))
    }

    @Test func serverErrorBeforeUploadCompletesIsReadable() throws {
        let server = try TestServer { router in
            router.post("/small", bodyLimit: .bytes(10)) { request, response in
                _ = try request.body.collect()
                try response.send(.ok)
            }
        }
        defer { server.stop() }
        let response = try server.client.send(.post, "/small", body: .bytes([UInt8](repeating: 1, count: 4 << 20)))
        #expect(response.status.code == 413)
    }
}

/// IPv6 listeners, JSON helpers and signal handling.
@Suite struct HTTPServerExtrasTests {
    private struct Chunk: Codable, Equatable {
        var response: String
        var done: Bool
    }

    @Test func servesIPv6LoopbackAndNDJSONHelpers() throws {
        var configuration = ServerConfiguration(host: "::1", port: 0)
        configuration.shutdownGracePeriod = 1
        let router = Router()
        router.get("/api/version") { _, response in try response.sendJSON(["version": "0.33.0"]) }
        router.post("/api/generate") { _, response in
            try response.startNDJSON()
            try response.writeJSONLine(Chunk(response: "hi", done: false))
            try response.writeJSONLine(Chunk(response: "", done: true))
        }
        let server = HTTPServer(configuration: configuration, router: router)
        try server.start()
        defer { server.stop() }
        let client = HTTPClient(host: "::1", port: server.port, connectTimeout: 2, readTimeout: 5)
        let version = try client.send(.get, "/api/version")
        #expect(version.status.code == 200)
        #expect(version.headers["Content-Type"] == "application/json; charset=utf-8")
        #expect(try JSONDecoder().decode([String: String].self, from: version.data()) == ["version": "0.33.0"])

        let stream = try client.send(.post, "/api/generate")
        #expect(stream.headers["Content-Type"] == "application/x-ndjson")
        var chunks: [Chunk] = []
        while let line = try stream.readLine() { chunks.append(try JSONDecoder().decode(Chunk.self, from: Data(line))) }
        #expect(chunks == [Chunk(response: "hi", done: false), Chunk(response: "", done: true)])
    }

    @Test func invalidHostAndPortInUseAreReported() throws {
        let server = try TestServer { _ in }
        defer { server.stop() }
        #expect(throws: HTTPServerError.self) {
            try HTTPServer(configuration: ServerConfiguration(host: "no-such-host.invalid", port: 0), router: Router()).start()
        }
        do {
            try HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: server.port), router: Router()).start()
            Issue.record("second bind should fail")
        } catch let error as HTTPServerError {
            #expect("\(error)" == "listen tcp 127.0.0.1:\(server.port): bind: address already in use")
        }
    }

    @Test func signalHandlerRunsTheCallback() throws {
        let received = DispatchSemaphore(value: 0)
        let handler = try SignalHandler(signals: [SIGUSR2]) { number in
            if number == SIGUSR2 { received.signal() }
        }
        kill(getpid(), SIGUSR2)  // to the process: test threads (dispatch workers) block signals
        #expect(received.wait(timeout: .now() + 2) == .success)
        withExtendedLifetime(handler) {}
    }
}
