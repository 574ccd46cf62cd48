import Foundation
import Server
import Testing

/// Request/response basics over a real socket: keep-alive, pipelining, bodies, router texts.
@Suite struct HTTPServerTests {
    private static func echoRoutes(_ router: Router) {
        router.get("/api/version", head: true) { _, response in
            try response.send(.ok, contentType: "application/json; charset=utf-8", body: "{\"version\":\"0.33.0\"}")
        }
        router.post("/echo") { request, response in
            let body = try request.body.collect()
            try response.send(.ok, headers: ["Content-Type": "application/octet-stream"], body: body)
        }
        router.get("/fail/http") { _, _ in throw HTTPError(.badRequest, "bad \"thing\"") }
        router.get("/fail/other") { _, _ in throw CocoaError(.fileNoSuchFile) }
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
        let server = try TestServer(routes: Self.echoRoutes)
        defer { server.stop() }
        let connection = try server.raw()
        for index in 0..<5 {
            try connection.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 6\r\n\r\nping-\(index)")
            let response = try connection.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "ping-\(index)")
            #expect(response.headers["Connection"] == nil)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try TestServer(routes: Self.echoRoutes)
        defer { server.stop() }
        let connection = try server.raw()
        let batch = (0..<4).map { "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\nr\($0)" }.joined()
            + "GET /api/version HTTP/1.1\r\nHost: localhost\r\n\r\n"
        try connection.send(batch)
        for index in 0..<4 {
            #expect(try connection.readResponse().text == "r\(index)")
        }
        #expect(try connection.readResponse().text == "{\"version\":\"0.33.0\"}")
    }

    @Test func chunkedRequestBodyIsDecoded() throws {
        let server = try TestServer(routes: Self.echoRoutes)
        defer { server.stop() }
        let connection = try server.raw()
        try connection.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n1;ext=1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n")
        let response = try connection.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "hello 0123456789")
        // The connection is still usable after a chunked body.
        try connection.send("GET /api/version HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(try connection.readResponse().status == 200)
    }

    @Test func expectContinueIsAnsweredBeforeTheBody() throws {
        let server = try TestServer(routes: Self.echoRoutes)
        defer { server.stop() }
        let connection = try server.raw()
        try connection.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        #expect(try connection.readResponse().status == 100)
        try connection.send("body")
        let response = try connection.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "body")
    }

    @Test func unknownPathAndWrongMethodUseGinTexts() throws {
        let server = try TestServer(routes: Self.echoRoutes)
        defer { server.stop() }
        let missing = try server.client.send(.get, "/api/nothing")
        #expect(missing.status.code == 404)
        #expect(String(decoding: try missing.readAll(), as: UTF8.self) == "404 page not found")
        let wrong = try server.client.send(.delete, "/api/version")
        #expect(wrong.status.code == 405)
        #expect(String(decoding: try wrong.readAll(), as: UTF8.self) == "405 method not allowed")
    }

    @Test func headGetsHeadersOnly() throws {
        let server = try TestServer(routes: Self.echoRoutes)
        defer { server.stop() }
        let connection = try server.raw()
        try connection.send("HEAD /api/version HTTP/1.1\r\nHost: localhost\r\n\r\n")
        let response = try connection.readResponse(isHead: true)
        #expect(response.status == 200)
        #expect(response.headers["Content-Length"] == "20")
        #expect(response.body.isEmpty)
        // No stray body bytes: the next response parses cleanly.
        try connection.send("GET /api/version HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(try connection.readResponse().text == "{\"version\":\"0.33.0\"}")
    }

    @Test func connectionCloseAndHTTP10CloseAfterTheResponse() throws {
        let server = try TestServer(routes: Self.echoRoutes)
        defer { server.stop() }
        let closing = try server.raw()
        try closing.send("GET /api/version HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        let response = try closing.readResponse()
        #expect(response.headers["Connection"] == "close")
        #expect(closing.isClosedByServer(within: 2000))

        let old = try server.raw()
        try old.send("GET /api/version HTTP/1.0\r\n\r\n")
        #expect(try old.readResponse().status == 200)
        #expect(old.isClosedByServer(within: 2000))

        let oldKeepAlive = try server.raw()
        try oldKeepAlive.send("GET /api/version HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try oldKeepAlive.readResponse().headers["Connection"] == "keep-alive")
        try oldKeepAlive.send("GET /api/version HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try oldKeepAlive.readResponse().status == 200)
    }

    @Test func handlerErrorsBecomeJSON() throws {
        let server = try TestServer(routes: Self.echoRoutes)
        defer { server.stop() }
        let http = try server.client.send(.get, "/fail/http")
        #expect(http.status.code == 400)
        #expect(String(decoding: try http.readAll(), as: UTF8.self) == #"{"error":"bad \"thing\""}"#)
        let other = try server.client.send(.get, "/fail/other")
        #expect(other.status.code == 500)
        let body = String(decoding: try other.readAll(), as: UTF8.self)
        #expect(body.hasPrefix(#"{"error":""#))
    }

    @Test func pathParametersAndQueryReachTheHandler() throws {
        let server = try TestServer { router in
            router.head("/api/blobs/:digest") { request, response in
                let status: HTTPStatus = request.parameter("digest") == "sha256:ab cd" ? .ok : .notFound
                try response.send(status)
            }
            router.get("/v1/models/:model") { request, response in
                let text = "\(request.parameter("model") ?? "-")|\(request.query["a"] ?? "-")|\(request.query["b"] ?? "-")"
                try response.send(.ok, contentType: "text/plain", body: text)
            }
        }
        defer { server.stop() }
        let blob = try server.client.send(.head, "/api/blobs/sha256:ab%20cd")
        #expect(blob.status.code == 200)
        let model = try server.client.send(.get, "/v1/models/llama3:8b?a=1+2&b=%C3%A9")
        #expect(String(decoding: try model.readAll(), as: UTF8.self) == "llama3:8b|1 2|é")
    }
}
