import Foundation
import Registry
import Server
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A real `OllamaServer` on a free loopback port over a temporary `OLLAMA_MODELS`, for one test.
final class RouteFixture {
    let directory: TemporaryDirectory
    let server: OllamaServer
    let client: APIClient

    /// The models directory (`<tmp>/models`); `<tmp>` itself is the "outside" of the store.
    var models: URL { directory.url.appendingPathComponent("models") }

    init(noPrune: Bool = false) throws {
        directory = try TemporaryDirectory(prefix: "ollama-routes")
        var variables = ["OLLAMA_MODELS": directory.path + "/models", "OLLAMA_HOST": "127.0.0.1:0"]
        if noPrune { variables["OLLAMA_NOPRUNE"] = "1" }
        let environment = OllamaEnvironment(variables: variables, home: directory.path)
        server = OllamaServer(environment: environment, configure: { $0.port = 0; $0.shutdownGracePeriod = 2 })
        try FileManager.default.createDirectory(at: directory.url.appendingPathComponent("models"),
                                                withIntermediateDirectories: true)
        try server.start()
        client = APIClient(host: "127.0.0.1", port: server.port, readTimeout: 60)
    }

    func stop() {
        server.stop()
        directory.remove()
    }

    /// Every file under the temporary directory (relative paths, sorted): the store and outside it.
    func files() -> [String] {
        let base = directory.url.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var out: [String] = []
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                out.append(path)
            }
        }
        return out.sorted()
    }

    /// Puts a model file into `blobs/` without the upload route (a hard link, else a copy).
    func placeBlob(_ source: URL, digest: Digest) throws {
        let blobs = models.appendingPathComponent("blobs")
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        let target = blobs.appendingPathComponent("sha256-" + digest.hex)
        if FileManager.default.fileExists(atPath: target.path) { return }
        if link(source.path, target.path) != 0 {
            try FileManager.default.copyItem(at: source, to: target)
        }
    }

    /// Creates `name` from the real SmolLM2 GGUF (placed as a blob) and returns the statuses.
    @discardableResult
    func createSmol(_ name: String = "smol", extra: (inout CreateRequest) -> Void = { _ in }) throws -> [String] {
        let digest = try RouteFixture.smolDigest()
        try placeBlob(try TestPaths.require(TestPaths.smolLM2), digest: digest)
        var request = CreateRequest(model: name, files: ["model.gguf": digest.description])
        extra(&request)
        var statuses: [String] = []
        try client.create(request) { statuses.append($0.status) }
        return statuses
    }

    /// A raw request's response (method, path, body, extra header lines).
    func raw(_ method: String, _ path: String, body: String = "", headers: String = "") throws -> RawResponse {
        let connection = try RawConnection(port: server.port)
        let host = headers.lowercased().contains("host:") ? "" : "Host: 127.0.0.1\r\n"
        var request = "\(method) \(path) HTTP/1.1\r\n\(host)\(headers)"
        if !body.isEmpty || method == "POST" || method == "DELETE" { request += "Content-Length: \(body.utf8.count)\r\n" }
        try connection.send(request + "\r\n" + body)
        return try connection.readResponse(isHead: method == "HEAD", timeout: 30_000)
    }

    private static let digests = Locked<[String: Digest]>([:])

    /// SHA-256 of the SmolLM2 file, computed once per test process.
    static func smolDigest() throws -> Digest { try digest(of: TestPaths.require(TestPaths.smolLM2)) }

    static func digest(of url: URL) throws -> Digest {
        if let known = digests.current[url.path] { return known }
        let digest = try SHA256.hash(fileAt: url)
        digests.withValue { $0[url.path] = digest }
        return digest
    }
}

extension APIClientError {
    /// `(status, message)` of a server error, for `#expect`.
    var pair: (Int, String)? {
        if case .server(let status, let message) = self { return (status, message) }
        return nil
    }
}
