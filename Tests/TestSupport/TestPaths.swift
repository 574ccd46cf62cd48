import Foundation

/// Where tests find the real models, the reference fixtures and the built binary.
///
/// The models are fetched by `scripts/fetch-models.sh` (which `make test` runs first) into
/// `$OLLAMA_TEST_MODELS`, or `~/.cache/ollama-swift/models`. A missing model is a test failure
/// with the command that fetches it, never a silent skip.
public enum TestPaths {
    /// The package root, found from this file's location.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The cache directory holding the real test models.
    public static var modelCache: URL {
        if let dir = ProcessInfo.processInfo.environment["OLLAMA_TEST_MODELS"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        return FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".cache/ollama-swift/models")
    }

    /// SmolLM2-135M-Instruct, llama architecture, Q4_1 (98,362,432 bytes).
    public static var smolLM2: URL { modelCache.appendingPathComponent("SmolLM2-135M-Instruct.Q4_1.gguf") }
    /// Gemma 3 270M, gemma3 architecture, Q4_K_M.
    public static var gemma3: URL { modelCache.appendingPathComponent("gemma-3-270m-q4_k_m.gguf") }
    /// all-MiniLM-L6-v2 as a Hugging Face folder (config.json, model.safetensors, vocab.txt, tokenizer.json).
    public static var miniLM: URL { modelCache.appendingPathComponent("all-MiniLM-L6-v2") }

    /// Fixtures of a test target: `Tests/<target>/Fixtures/<name>`.
    public static func fixture(_ name: String, target: String) -> URL {
        packageRoot.appendingPathComponent("Tests/\(target)/Fixtures/\(name)")
    }

    /// The release binary that `make test` builds before running the tests.
    public static var ollamaBinary: URL { packageRoot.appendingPathComponent(".build/release/ollama") }

    /// Returns the path of a required file, or throws an error saying how to get it.
    public static func require(_ url: URL) throws -> URL {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MissingTestFile(path: url.path)
        }
        return url
    }
}

/// A test input that is not on disk: the message says which command provides it.
public struct MissingTestFile: Error, CustomStringConvertible {
    public let path: String
    public var description: String {
        "missing \(path): run `scripts/fetch-models.sh` (or `make test`, which runs it) and `make build`"
    }
}
