import Foundation
import Registry
import Server
import TestSupport
import Testing

/// One live `OllamaServer` on a free port with a temporary store holding SmolLM2 created as
/// `smol` (through `/api/blobs` and `/api/create`, template detected from the GGUF), shared by
/// the generation suites, which run one at a time (`LiveGenerationTests` is serialized).
final class GenerationTestServer: @unchecked Sendable {
    /// Built on first use.
    static let shared = Result { try GenerationTestServer() }

    let directory: TemporaryDirectory
    let engine: GenerationEngine
    let server: OllamaServer
    let client: APIClient

    /// The shared server, or the reason it could not start.
    static func get() throws -> GenerationTestServer {
        try shared.get()
    }

    private init() throws {
        let gguf = try TestPaths.require(TestPaths.smolLM2)
        directory = try TemporaryDirectory(prefix: "ollama-generation")
        let environment = OllamaEnvironment(
            variables: ["OLLAMA_MODELS": directory.path + "/models", "OLLAMA_NOPRUNE": "1"], home: directory.path)
        try FileManager.default.createDirectory(atPath: environment.modelsDirectory, withIntermediateDirectories: true)
        engine = GenerationEngine(environment: environment)
        server = OllamaServer(environment: environment, configure: {
            $0.host = "127.0.0.1"
            $0.port = 0
        }, loadedModels: engine)
        try server.start()
        client = APIClient(host: "127.0.0.1", port: server.port, readTimeout: 120)
        let digest = try SHA256.hash(fileAt: gguf)
        try client.uploadBlob(digest, file: gguf)
        try client.create(CreateRequest(model: "smol", files: ["SmolLM2-135M-Instruct.Q4_1.gguf": digest.description])) { _ in }
    }

    /// A raw JSON request, as curl sends it: status and NDJSON lines (or the one JSON object).
    func post(_ path: String, _ json: String) throws -> (status: Int, lines: [JSONValue]) {
        let response = try client.http.send(
            .post, path, headers: ["Content-Type": "application/json"], body: .data(Data(json.utf8)))
        defer { response.close() }
        var lines: [JSONValue] = []
        while let line = try response.readLine() {
            if line.isEmpty { continue }
            lines.append(try JSONParser().parse(line))
        }
        return (response.status.code, lines)
    }
}

/// The live generation suites, run one at a time against the shared server.
@Suite(.serialized, .timeLimit(.minutes(10))) struct LiveGenerationTests {}

extension JSONValue {
    /// The concatenated `response` (generate) or `message.content` (chat) of NDJSON chunks.
    static func text(of lines: [JSONValue]) -> String {
        lines.map { $0["response"]?.stringValue ?? $0["message"]?["content"]?.stringValue ?? "" }.joined()
    }
}
