import Engine
import Foundation
import TestSupport

/// The llama.cpp reference outputs for one model (`Fixtures/<model>.json`, see the fixtures README).
struct TokenizerFixture: Decodable {
    struct Case: Decodable {
        let text: String
        let ids: [Int32]
    }
    struct Greedy: Decodable {
        let prompt: String
        let prompt_ids: [Int32]
    }
    struct Window: Decodable {
        let tokens: [Int32]
    }
    struct Perplexity: Decodable {
        let window: Int
        let windows: [Window]
    }
    let add_bos: Bool
    let bos_id: Int32
    let eos_id: Int32
    let tokenizer: [Case]
    let greedy: [Greedy]
    let perplexity: Perplexity

    static func load(_ name: String) throws -> TokenizerFixture {
        let url = try TestPaths.require(TestPaths.fixture(name, target: "EngineTests"))
        return try JSONDecoder().decode(TokenizerFixture.self, from: Data(contentsOf: url))
    }

    static func referenceText() throws -> String {
        let url = try TestPaths.require(TestPaths.fixture("reference-text.txt", target: "EngineTests"))
        return try String(contentsOf: url, encoding: .utf8)
    }
}

/// Tokenizers are loaded once per test process.
enum LoadedTokenizers {
    static let smolLM2: Result<Tokenizer, any Error> = Result {
        try Tokenizer(GGUFFile.open(path: TestPaths.require(TestPaths.smolLM2).path))
    }
    static let gemma3: Result<Tokenizer, any Error> = Result {
        try Tokenizer(GGUFFile.open(path: TestPaths.require(TestPaths.gemma3).path))
    }

    static func named(_ model: String) throws -> Tokenizer {
        try (model == "smollm2" ? smolLM2 : gemma3).get()
    }

    static func fixtureName(_ model: String) -> String {
        model == "smollm2" ? "smollm2-135m-q4_1.json" : "gemma3-270m-q4_k_m.json"
    }
}
