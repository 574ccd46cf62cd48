import Foundation
import Server
import Testing

/// Bad input and resource limits: the server answers with the right status and keeps serving.
@Suite struct HTTPServerLimitsTests {
    private static func routes(_ router: Router) {
        router.get("/api/version") { _, response in
            try response.send(.ok, contentType: "application/json", body: "{\"version\":\"0.33.0\"}")
        }
        router.post("/api/chat", bodyLimit: .bytes(1024)) { request, response in
            let body = try request.body.collect()
            try response.send(.ok, contentType: "text/plain", body: "\(body.count)")
        }
        router.get("/slow") { _, response in
            Thread.sleep(forTimeInterval: 0.3)
            try response.send(.ok, contentType: "text/plain", body: "slow")
        }
    }

    private func expectStillServing(_ server: TestServer) throws {
        let response = try server.client.send(.get, "/api/version")
        #expect(response.status.code == 200)
    }

    @Test(arguments: [
        "GARBAGE\r\n\r\n",
        "GET /\r\n\r\n",
        "GET / HTTP/1.1 extra\r\n\r\n",
        "GET  / HTTP/1.1\r\n\r\n",
        "GET / HTTQ/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Header: x\r\n\r\n",
        "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
        "POST /api/chat HTTP/1.1\r\nContent-Length: 12x\r\n\r\n",
        "POST /api/chat HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST /api/chat HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
    ])
    func malformedRequestGets400AndServerKeepsServing(request: String) throws {
        let server = try TestServer(routes: Self.routes)
        defer { server.stop() }
        let connection = try server.raw()
        try connection.send(request)
        let response = try connection.readResponse()
        #expect(response.status == 400)
        #expect(response.text == "400 Bad Request")
        #expect(connection.isClosedByServer(within: 2000))
        try expectStillServing(server)
    }

    @Test func binaryGarbageGets400() throws {
        let server = try TestServer(routes: Self.routes)
        defer { server.stop() }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            let connection = try server.raw()
            var bytes = (0..<2000).map { _ in UInt8.random(in: 0...255, using: &generator) }
            bytes[0] = 0x00  // never a valid method
            try connection.send(bytes + Array("\r\n\r\n".utf8))
            #expect(try connection.readResponse().status == 400)
        }
        try expectStillServing(server)
    }

    @Test func badChunkedBodyGets400() throws {
        let server = try TestServer(routes: Self.routes)
        defer { server.stop() }
        let connection = try server.raw()
        try connection.send("POST /api/chat HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        let response = try connection.readResponse()
        #expect(response.status == 400)
        #expect(response.text.contains("invalid request body"))
        try expectStillServing(server)
    }

    @Test func unsupportedVersionAndTransferCoding() throws {
        let server = try TestServer(routes: Self.routes)
        defer { server.stop() }
        let v2 = try server.raw()
        try v2.send("GET / HTTP/2.0\r\n\r\n")
        #expect(try v2.readResponse().status == 505)
        let gzip = try server.raw()
        try gzip.send("POST /api/chat HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
        #expect(try gzip.readResponse().status == 501)
    }

    @Test func oversizedHeadersGet431() throws {
        let server = try TestServer(routes: Self.routes)
        defer { server.stop() }
        let big = try server.raw()
        try big.send("GET /api/version HTTP/1.1\r\nHost: localhost\r\nX-Big: " + String(repeating: "a", count: 70_000) + "\r\n\r\n")
        #expect(try big.readResponse().status == 431)

        let many = try server.raw()
        let fields = (0..<150).map { "X-Field-\($0): v\r\n" }.joined()
        try many.send("GET /api/version HTTP/1.1\r\nHost: localhost\r\n" + fields + "\r\n")
        #expect(try many.readResponse().status == 431)
        try expectStillServing(server)
    }

    @Test func bodyOverTheRouteLimitGets413() throws {
        let server = try TestServer(routes: Self.routes)
        defer { server.stop() }
        let declared = try server.client.send(.post, "/api/chat", body: .bytes([UInt8](repeating: 0x41, count: 2000)))
        #expect(declared.status.code == 413)
        #expect(String(decoding: try declared.readAll(), as: UTF8.self) == #"{"error":"http: request body too large"}"#)

        // Chunked bodies have no declared size: the limit trips while reading.
        let connection = try server.raw()
        let chunk = String(repeating: "b", count: 600)
        try connection.send("POST /api/chat HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n0\r\n\r\n")
        #expect(try connection.readResponse().status == 413)

        let small = try server.client.send(.post, "/api/chat", body: .bytes([UInt8](repeating: 0x41, count: 1000)))
        #expect(String(decoding: try small.readAll(), as: UTF8.self) == "1000")
    }

    @Test func idleAndSlowHeaderConnectionsTimeOut() throws {
        let server = try TestServer(configure: {
            $0.idleTimeout = 0.3
            $0.headerTimeout = 0.3
        }, routes: Self.routes)
        defer { server.stop() }
        let idle = try server.raw()
        try idle.send("GET /api/version HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(try idle.readResponse().status == 200)
        let start = Date()
        #expect(idle.isClosedByServer(within: 3000))
        #expect(Date().timeIntervalSince(start) < 2)

        let slow = try server.raw()
        try slow.send("GET /api/version HTTP/1.1\r\nHost: loc")
        #expect(slow.isClosedByServer(within: 3000))
        try expectStillServing(server)
    }

    @Test func connectionsOverTheLimitGet503() throws {
        let server = try TestServer(configure: { $0.maxConnections = 2 }, routes: Self.routes)
        defer { server.stop() }
        let first = try server.raw()
        let second = try server.raw()
        try first.send("GET /api/version HTTP/1.1\r\nHost: localhost\r\n\r\n")
        try second.send("GET /api/version HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(try first.readResponse().status == 200)
        #expect(try second.readResponse().status == 200)
        // Both stay open (keep-alive), so a third is turned away.
        let third = try server.raw()
        try third.send("GET /api/version HTTP/1.1\r\nHost: localhost\r\n\r\n")
        let busy = try third.readResponse()
        #expect(busy.status == 503)
        #expect(busy.text.contains("server busy"))
    }
}

/// Responses that do not read the request body still reach the client.
@Suite struct HTTPUnreadBodyTests {
    @Test func unreadLargeBodyStillGetsTheResponse() throws {
        let logged = Locked<[String]>([])
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.shutdownGracePeriod = 1
        let router = Router()
        router.post("/ignore", bodyLimit: .unlimited) { _, response in
            try response.sendError(.notFound, message: "model 'x' not found")
        }
        let server = HTTPServer(configuration: configuration, router: router) { method, path, status, _ in
            logged.withValue { $0.append("\(method) \(path) \(status)") }
        }
        try server.start()
        defer { server.stop() }
        let client = HTTPClient(host: "127.0.0.1", port: server.port, connectTimeout: 2, readTimeout: 5)
        let response = try client.send(.post, "/ignore", body: .bytes([UInt8](repeating: 7, count: 8 << 20)))
        #expect(response.status.code == 404)
        #expect(String(decoding: try response.readAll(), as: UTF8.self) == #"{"error":"model 'x' not found"}"#)
        // A small unread body is drained and the connection reused.
        let connection = try RawConnection(port: server.port)
        try connection.send("POST /ignore HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello")
        #expect(try connection.readResponse().status == 404)
        try connection.send("POST /ignore HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello")
        #expect(try connection.readResponse().status == 404)
        #expect(logged.current.first == "POST /ignore 404")
    }
}
