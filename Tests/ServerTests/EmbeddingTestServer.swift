import Foundation
import Registry
import Server
import TestSupport
import Testing

/// One live `OllamaServer` with all-MiniLM-L6-v2 created as `minilm` from its Hugging Face
/// folder (every file uploaded through `/api/blobs`, then `/api/create` with `files`, which
/// converts it to GGUF in the store), shared by the embedding suites (`LiveEmbeddingTests`).
final class EmbeddingTestServer: @unchecked Sendable {
    static let shared = Result { try EmbeddingTestServer() }

    let directory: TemporaryDirectory
    let engine: GenerationEngine
    let server: OllamaServer
    let client: APIClient
    /// The statuses `/api/create` streamed for `minilm`.
    let createStatuses: [ProgressResponse]

    static func get() throws -> EmbeddingTestServer { try shared.get() }

    /// The files of the MiniLM folder the CLI uploads, by relative name.
    static func folderFiles(_ folder: URL) -> [String] {
        ["config.json", "model.safetensors", "modules.json", "special_tokens_map.json", "tokenizer.json",
         "tokenizer_config.json", "vocab.txt", "1_Pooling/config.json"]
            .filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
    }

    private init() throws {
        let folder = try TestPaths.require(TestPaths.miniLM)
        directory = try TemporaryDirectory(prefix: "ollama-embedding")
        let environment = OllamaEnvironment(
            variables: ["OLLAMA_MODELS": directory.path + "/models", "OLLAMA_NOPRUNE": "1"], home: directory.path)
        try FileManager.default.createDirectory(atPath: environment.modelsDirectory, withIntermediateDirectories: true)
        engine = GenerationEngine(environment: environment)
        server = OllamaServer(environment: environment, configure: {
            $0.host = "127.0.0.1"
            $0.port = 0
        }, loadedModels: engine)
        try server.start()
        client = APIClient(host: "127.0.0.1", port: server.port, readTimeout: 300)
        var files: [String: String] = [:]
        for name in Self.folderFiles(folder) {
            let url = folder.appendingPathComponent(name)
            let digest = try SHA256.hash(fileAt: url)
            if try !client.blobExists(digest) { try client.uploadBlob(digest, file: url) }
            files[name] = digest.description
        }
        var statuses: [ProgressResponse] = []
        try client.create(CreateRequest(model: "minilm", files: files)) { statuses.append($0) }
        createStatuses = statuses
    }

    /// A raw JSON request: status and the parsed body.
    func post(_ path: String, _ json: String) throws -> (status: Int, body: JSONValue) {
        let response = try client.http.send(
            .post, path, headers: ["Content-Type": "application/json"], body: .data(Data(json.utf8)))
        defer { response.close() }
        let data = try response.readAll()
        return (response.status.code, data.isEmpty ? .null : try JSONParser().parse(data))
    }

    /// The reference embeddings of `all-minilm-embeddings.json` (sentence-transformers output).
    static let reference: [(text: String, tokens: Int, embedding: [Float])] = {
        let url = TestPaths.fixture("all-minilm-embeddings.json", target: "ServerTests")
        guard let data = FileManager.default.contents(atPath: url.path),
              let value = try? JSONParser().parse(data), let items = value["items"]?.arrayValue
        else { return [] }
        return items.map { item in
            (item["text"]?.stringValue ?? "", item["token_ids"]?.arrayValue?.count ?? 0,
             (item["embedding"]?.arrayValue ?? []).map { Float($0.doubleValue ?? .nan) })
        }
    }()
}

/// The live embedding suites, run one at a time against the shared server.
@Suite(.serialized, .timeLimit(.minutes(10))) struct LiveEmbeddingTests {}

/// Vector helpers of the embedding tests.
enum Vectors {
    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return -1 }
        var dot = 0.0, na = 0.0, nb = 0.0
        for i in a.indices {
            dot += Double(a[i]) * Double(b[i])
            na += Double(a[i]) * Double(a[i])
            nb += Double(b[i]) * Double(b[i])
        }
        return dot / (na.squareRoot() * nb.squareRoot())
    }

    static func norm(_ a: [Float]) -> Double {
        a.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
    }

    /// The float arrays of a JSON array of arrays.
    static func matrix(_ value: JSONValue?) -> [[Float]] {
        (value?.arrayValue ?? []).map { row in (row.arrayValue ?? []).map { Float($0.doubleValue ?? .nan) } }
    }
}
