import Server
import Testing

/// Route resolution, parameters and the byte-level parser.
@Suite struct HTTPRouterTests {
    private func router() -> Router {
        let router = Router()
        let noop: HTTPHandler = { _, _ in }
        router.get("/", head: true, noop)
        router.get("/api/tags", head: true, noop)
        router.add(.head, "/api/blobs/:digest", noop)
        router.post("/api/blobs/:digest", bodyLimit: .unlimited, noop)
        router.get("/v1/models", noop)
        router.get("/v1/models/:model", noop)
        router.delete("/api/user/keys/:key", noop)
        return router
    }

    @Test(arguments: [
        ("GET", "/", "/", [:]),
        ("HEAD", "/api/tags", "/api/tags", [:]),
        ("POST", "/api/blobs/sha256:abc", "/api/blobs/:digest", ["digest": "sha256:abc"]),
        ("GET", "/v1/models", "/v1/models", [:]),
        ("GET", "/v1/models/qwen%2F2:7b", "/v1/models/:model", ["model": "qwen/2:7b"]),
        ("DELETE", "/api/user/keys/k1", "/api/user/keys/:key", ["key": "k1"]),
    ] as [(String, String, String, [String: String])])
    func resolvesRoutes(method: String, path: String, pattern: String, parameters: [String: String]) throws {
        guard case .found(let route, let found) = router().resolve(HTTPMethod(rawValue: method), path: path) else {
            Issue.record("no route for \(method) \(path)")
            return
        }
        #expect(route.pattern == pattern)
        #expect(found == parameters)
    }

    @Test(arguments: ["/api", "/api/tags/", "/api/blobs/", "/api/blobs/a/b", "/v1/models/a/b", "relative", "/nothing"])
    func unknownPathsAreNotFound(path: String) {
        guard case .notFound = router().resolve(.get, path: path) else {
            Issue.record("\(path) should be 404")
            return
        }
    }

    @Test func knownPathWithOtherMethodIsNotAllowed() {
        guard case .methodNotAllowed = router().resolve(.post, path: "/api/tags") else {
            Issue.record("expected 405")
            return
        }
        guard case .methodNotAllowed = router().resolve(.get, path: "/api/blobs/sha256:1") else {
            Issue.record("expected 405")
            return
        }
    }

    @Test func headLengthFindsTheEmptyLineAcrossCalls() {
        let text = Array("GET / HTTP/1.1\r\nHost: a\r\n\r\nBODY".utf8)
        var scanned = 0
        for cut in [5, 17, 25, 26] {
            let found = text.withUnsafeBufferPointer { HTTPParser.headLength(in: UnsafeBufferPointer(rebasing: $0[0..<cut]), scanned: &scanned) }
            #expect(found == nil)
        }
        let found = text.withUnsafeBufferPointer { HTTPParser.headLength(in: $0, scanned: &scanned) }
        #expect(found == 27)
        var fresh = 0
        let lfOnly = Array("GET / HTTP/1.1\nHost: a\n\nX".utf8)
        #expect(lfOnly.withUnsafeBufferPointer { HTTPParser.headLength(in: $0, scanned: &fresh) } == 24)
    }

    @Test func parsesRequestHeadFields() throws {
        let text = Array("POST /api/chat?x=1 HTTP/1.1\r\nHost: localhost:11434\r\nContent-Type:  application/json \r\nX-Empty:\r\n\r\n".utf8)
        let head = try text.withUnsafeBufferPointer { try HTTPParser.parseRequestHead($0, maxHeaderCount: 10) }
        #expect(head.method == .post)
        #expect(head.target == "/api/chat?x=1")
        #expect(head.minorVersion == 1)
        #expect(head.headers["content-type"] == "application/json")
        #expect(head.headers["X-EMPTY"] == "")
        #expect(head.headers.count == 3)
    }

    @Test func percentDecoding() {
        #expect(percentDecode("a%20b+c", plusAsSpace: true) == "a b c")
        #expect(percentDecode("a+b", plusAsSpace: false) == "a+b")
        #expect(percentDecode("bad%2", plusAsSpace: false) == nil)
        #expect(percentDecode("%FF", plusAsSpace: false) == nil)
    }
}
