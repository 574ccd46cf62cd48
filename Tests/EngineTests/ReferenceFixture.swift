import Foundation
import TestSupport

/// llama.cpp's reference outputs for one GGUF model (`Fixtures/<model>.json`, see
/// /work/shared/fixtures/README.md): tokenizer ids, teacher-forced top-1 and log-probs, greedy ids.
struct ReferenceFixture: Decodable {
    struct TokenizerCase: Decodable {
        let text: String
        let ids: [Int32]
    }
    struct Window: Decodable {
        let tokens: [Int32]
        let top1: [Int32]
        let target_logprob: [Double]
    }
    struct Perplexity: Decodable {
        let window: Int
        let ppl: Double
        let scored_tokens: Int
        let windows: [Window]
    }
    struct Greedy: Decodable {
        let prompt: String
        let prompt_ids: [Int32]
        let greedy_ids: [Int32]
    }

    let model: String
    let add_bos: Bool
    let bos_id: Int32
    let eos_id: Int32
    let tokenizer: [TokenizerCase]
    let perplexity: Perplexity
    let greedy: [Greedy]

    /// Loads `Tests/EngineTests/Fixtures/<name>.json`.
    static func load(_ name: String) throws -> ReferenceFixture {
        let url = TestPaths.fixture("\(name).json", target: "EngineTests")
        return try JSONDecoder().decode(ReferenceFixture.self, from: Data(contentsOf: url))
    }
}

/// A real model under test, with its GGUF file and its fixture name.
struct ReferenceModel: CustomStringConvertible, Sendable {
    let fixture: String
    let path: @Sendable () -> URL
    /// llama.cpp's perplexity over the fixture's windows.
    var description: String { fixture }

    static let smolLM2 = ReferenceModel(fixture: "smollm2-135m-q4_1", path: { TestPaths.smolLM2 })
    static let gemma3 = ReferenceModel(fixture: "gemma3-270m-q4_k_m", path: { TestPaths.gemma3 })
}
