import Engine
import Foundation
import TestSupport

/// `Fixtures/all-minilm-embeddings.json`: for each test string, the WordPiece ids ([CLS] … [SEP],
/// truncated at 256) and the normalised embedding of the reference BERT implementation.
struct BertFixture: Decodable {
    struct Item: Decodable {
        let text: String
        let token_ids: [Int32]
        let embedding: [Float]
    }
    let model: String
    let pooling: String
    let normalized: Bool
    let items: [Item]

    /// The fixture's truncation (sentence-transformers `max_seq_length` of all-MiniLM-L6-v2).
    static let maxLength = 256

    static let shared: Result<BertFixture, any Error> = Result {
        let url = try TestPaths.require(TestPaths.fixture("all-minilm-embeddings.json", target: "EngineTests"))
        return try JSONDecoder().decode(BertFixture.self, from: Data(contentsOf: url))
    }
}

/// all-MiniLM-L6-v2 converted once per test process (F16 matrices, as `ollama create` does).
enum ConvertedMiniLM {
    static let pool = ThreadPool(threads: 2)

    static let path: Result<String, any Error> = Result {
        let folder = try TestPaths.require(TestPaths.miniLM)
        let dir = try TemporaryDirectory(prefix: "minilm")
        let path = dir.url.appendingPathComponent("minilm-f16.gguf").path
        try ModelConverter.convert(folder: folder, to: path)
        // scripts/check-gguf-llamacpp.py and bench-embed.sh hand this file to llama.cpp.
        if let export = ProcessInfo.processInfo.environment["EMBED_EXPORT_GGUF"], !export.isEmpty {
            try? FileManager.default.removeItem(atPath: export)
            try FileManager.default.copyItem(atPath: path, toPath: export)
        }
        return path
    }

    static func file() throws -> GGUFFile { try GGUFFile.open(path: path.get()) }
}

/// Cosine similarity of two vectors.
func cosine(_ a: [Float], _ b: [Float]) -> Double {
    var dot = 0.0, na = 0.0, nb = 0.0
    for (x, y) in zip(a, b) {
        dot += Double(x) * Double(y)
        na += Double(x) * Double(x)
        nb += Double(y) * Double(y)
    }
    return dot / max(1e-30, (na * nb).squareRoot())
}
