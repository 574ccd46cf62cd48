import Foundation
import Registry
import Server
import Testing
import TestSupport

/// Bad input, one test each: the status, ollama's exact message, and that nothing was written
/// where it must not be (the whole temporary directory, store and outside, is compared).
@Suite struct RoutesBadInputTests {
    /// Runs `body` and checks that the files under the fixture did not change.
    private func unchanged(_ fixture: RouteFixture, _ body: () throws -> Void) rethrows {
        let before = fixture.files()
        try body()
        #expect(fixture.files() == before)
    }

    @Test func malformedJSONIs400WithGoMessage() throws {
        let fixture = try RouteFixture()
        defer { fixture.stop() }
        try unchanged(fixture) {
            let cut = try fixture.raw("POST", "/api/create", body: #"{"model":"x","files":"#)
            #expect(cut.status == 400 && cut.text == #"{"error":"unexpected end of JSON input"}"#)
            let bad = try fixture.raw("POST", "/api/show", body: "{model: 1}")
            #expect(bad.status == 400 && bad.text == #"{"error":"invalid character 'm' looking for beginning of object key string"}"#)
            let empty = try fixture.raw("POST", "/api/show")
            #expect(empty.status == 400 && empty.text == #"{"error":"missing request body"}"#)
            let type = try fixture.raw("POST", "/api/show", body: #"{"model":"x","verbose":"yes"}"#)
            #expect(type.status == 400 && type.text.contains("json: cannot unmarshal string into Go struct field ShowRequest.verbose of type bool"))
        }
    }

    @Test func unknownModelIs404WithOllamasText() throws {
        let fixture = try RouteFixture()
        defer { fixture.stop() }
        try unchanged(fixture) {
            #expect(throws: APIClientError.server(status: 404, message: "model 'nope' not found")) {
                try fixture.client.show(ShowRequest(model: "nope"))
            }
            #expect(throws: APIClientError.server(status: 404, message: "model 'nope:v2' not found")) {
                try fixture.client.delete(model: "nope:v2")
            }
            #expect(throws: APIClientError.server(status: 404, message: #"model "nope" not found"#)) {
                try fixture.client.copy(source: "nope", destination: "other")
            }
            let required = try fixture.raw("POST", "/api/show", body: "{}")
            #expect(required.status == 400 && required.text == #"{"error":"model is required"}"#)
        }
    }

    @Test func pathTricksInNamesAre400AndWriteNothing() throws {
        let fixture = try RouteFixture()
        defer { fixture.stop() }
        try fixture.createSmol()
        let digest = try RouteFixture.smolDigest()
        try unchanged(fixture) {
            for name in ["../../evil", "a/../../../tmp/x", "..", "/etc/passwd", "ns/../m", "%2e%2e/x", "x:..", "m/"] {
                #expect(throws: APIClientError.server(status: 400, message: "invalid model name"), "\(name)") {
                    try fixture.client.create(CreateRequest(model: name, from: "smol")) { _ in }
                }
            }
            #expect(throws: APIClientError.server(status: 400, message: #"destination "../x" is invalid"#)) {
                try fixture.client.copy(source: "smol", destination: "../x")
            }
            #expect(throws: APIClientError.server(status: 400, message: #"source "a/../b" is invalid"#)) {
                try fixture.client.copy(source: "a/../b", destination: "y")
            }
            #expect(throws: APIClientError.server(status: 400, message: #"name "../smol" is invalid"#)) {
                try fixture.client.delete(model: "../smol")
            }
            for path in ["../model.gguf", "/abs/model.gguf", "a//b.gguf", "./m.gguf", "a\\b.gguf", "c:m.gguf", "."] {
                #expect(throws: APIClientError.server(status: 400, message: "file path must be relative: \(path)"), "\(path)") {
                    try fixture.client.create(CreateRequest(model: "ok", files: [path: digest.description])) { _ in }
                }
            }
        }
    }

    @Test func blobBodyNotMatchingItsDigestIs400AndStoresNothing() throws {
        let fixture = try RouteFixture()
        defer { fixture.stop() }
        let claimed = SHA256.hash(Array("the expected body".utf8))
        let actual = SHA256.hash(Array("another body".utf8))
        try unchanged(fixture) {
            let response = try fixture.raw("POST", "/api/blobs/\(claimed)", body: "another body")
            #expect(response.status == 400)
            #expect(response.text == #"{"error":"digest mismatch, expected \"\#(claimed)\", got \"\#(actual)\""}"#)
            #expect(try fixture.raw("HEAD", "/api/blobs/\(claimed)").status == 404)
        }
        let created = try fixture.raw("POST", "/api/blobs/\(actual)", body: "another body")
        #expect(created.status == 201)
        #expect(try String(contentsOf: fixture.models.appendingPathComponent("blobs/sha256-\(actual.hex)"), encoding: .utf8) == "another body")
    }

    @Test func malformedDigestIs400() throws {
        let fixture = try RouteFixture()
        defer { fixture.stop() }
        try unchanged(fixture) {
            for digest in ["sha256:abc", "md5:" + String(repeating: "a", count: 64), "sha256:" + String(repeating: "g", count: 64),
                           "sha256:..%2F..%2Fetc%2Fpasswd", String(repeating: "a", count: 64)] {
                let post = try fixture.raw("POST", "/api/blobs/\(digest)", body: "x")
                #expect(post.status == 400 && post.text == #"{"error":"invalid digest format"}"#, "\(digest)")
                #expect(try fixture.raw("HEAD", "/api/blobs/\(digest)").status == 400, "\(digest)")
            }
            #expect(throws: APIClientError.server(status: 400, message: "invalid digest format")) {
                try fixture.client.create(CreateRequest(model: "m", files: ["m.gguf": ""])) { _ in }
            }
            #expect(throws: APIClientError.server(status: 400, message: "invalid digest for m.gguf: invalid digest format")) {
                try fixture.client.create(CreateRequest(model: "m", files: ["m.gguf": "sha256:12"])) { _ in }
            }
        }
    }

    @Test func truncatedOrForeignGGUFIsAnErrorAndTheServerStaysUp() throws {
        let fixture = try RouteFixture()
        defer { fixture.stop() }
        let whole = try Data(contentsOf: try TestPaths.require(TestPaths.smolLM2))
        let cases: [(Data, String)] = [
            (whole.prefix(1 << 20), "invalid GGUF file: "),
            (whole.prefix(100), "invalid GGUF file: "),
            (Data("PK\u{3}\u{4} this is a zip, not a model".utf8), "supplied file was not in GGUF format"),
        ]
        for (bytes, message) in cases {
            let digest = SHA256.hash(bytes)
            try FileManager.default.createDirectory(at: fixture.models.appendingPathComponent("blobs"), withIntermediateDirectories: true)
            try bytes.write(to: fixture.models.appendingPathComponent("blobs/sha256-\(digest.hex)"))
            try unchanged(fixture) {
                do {
                    try fixture.client.create(CreateRequest(model: "broken", files: ["model.gguf": digest.description])) { _ in }
                    Issue.record("create accepted a corrupt GGUF")
                } catch let error as APIClientError {
                    #expect(error.status == 400)
                    #expect(error.description.hasPrefix(message), "\(error)")
                }
            }
            #expect(try fixture.client.version() == ServerInfo.version)
        }
        #expect(try fixture.client.list().models.isEmpty)
    }

    @Test func garbageOnTheSocketGets400AndTheServerStaysUp() throws {
        let fixture = try RouteFixture()
        defer { fixture.stop() }
        let connection = try RawConnection(port: fixture.server.port)
        try connection.send([0x00, 0xFF, 0x13, 0x37] + Array("garbage\r\n\r\n".utf8))
        #expect(try connection.readResponse().status == 400)
        let half = try RawConnection(port: fixture.server.port)
        try half.send("POST /api/create HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5000\r\n\r\n{\"model\"")
        _ = half
        #expect(try fixture.client.version() == ServerInfo.version)
        #expect(try fixture.client.list().models.isEmpty)
    }

    @Test func nonLocalHostIs403() throws {
        let fixture = try RouteFixture()
        defer { fixture.stop() }
        try unchanged(fixture) {
            #expect(try fixture.raw("GET", "/api/tags", headers: "Host: evil.example\r\n").status == 403)
            let connection = try RawConnection(port: fixture.server.port)
            try connection.send("DELETE /api/delete HTTP/1.1\r\nHost: attacker.com:11434\r\nContent-Length: 17\r\n\r\n{\"model\":\"smol\"}")
            #expect(try connection.readResponse().status == 403)
        }
    }

    @Test func createWithoutSourceOrWithBadQuantizeIs400() throws {
        let fixture = try RouteFixture()
        defer { fixture.stop() }
        _ = try fixture.createSmol()
        try unchanged(fixture) {
            #expect(throws: APIClientError.server(status: 400, message: "neither 'from' or 'files' was specified")) {
                try fixture.client.create(CreateRequest(model: "m")) { _ in }
            }
            #expect(throws: APIClientError.server(status: 400, message: "quantization is only supported for F16, BF16 and F32 models")) {
                try fixture.client.create(CreateRequest(model: "m", from: "smol", quantize: "q4_K_M")) { _ in }
            }
            #expect(throws: APIClientError.server(status: 400, message: "unsupported quantization type q3_z - supported types are F32, F16, Q4_K_S, Q4_K_M, Q8_0")) {
                try fixture.client.create(CreateRequest(model: "m", from: "smol", quantize: "q3_z")) { _ in }
            }
            #expect(throws: APIClientError.server(status: 404, message: "model 'ghost' not found")) {
                try fixture.client.create(CreateRequest(model: "m", from: "ghost")) { _ in }
            }
        }
    }
}
