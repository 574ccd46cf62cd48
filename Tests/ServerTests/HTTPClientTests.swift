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

        // An HTTP/1.0 server that closes instead of framing.
        let raw = try server.raw()
        _ = raw
        let closeDelimited = try TestServer { router in
            router.get("/old") { _, response in
                try response.startStream()
                try response.write("line1\nline2\n")
            }
        }
        defer { closeDelimited.stop() }
        let connection = try closeDelimited.raw()
        try connection.send("GET /old HTTP/1.0\r\n\r\n")
        var all: [UInt8] = []
        while (try? connection.stream.fill(deadline: monotonicMilliseconds() + 2000)) ?? 0 > 0 {}
        all = Array(connection.stream.bufferedBytes)
        let text = String(decoding: all, as: UTF8.self)
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
