import Engine
import Foundation
import Testing
import TestSupport

/// Embedding throughput on all-MiniLM-L6-v2 (converted, F16), run by `scripts/bench-embed.sh`:
/// `EMBED_BENCH=1 [EMBED_BENCH_TEXTS=file] swift test -c release --filter EngineTests.BertEmbeddingBenchmark`.
/// The texts file has one input per line (default: 256 generated short sentences).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["EMBED_BENCH"] != nil))
struct BertEmbeddingBenchmark {
    static func texts() throws -> [String] {
        if let path = ProcessInfo.processInfo.environment["EMBED_BENCH_TEXTS"], !path.isEmpty {
            return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        }
        let subjects = ["The cat", "A developer", "The weather", "Our server", "This model", "My friend", "The train", "A llama"]
        let verbs = ["likes", "needs", "builds", "watches", "finds", "describes", "answers", "moves"]
        let objects = ["the red ball.", "a quiet room today.", "fast embeddings for search.", "the long river at night.",
                       "an old book about Swift.", "sunny weather outside!", "the stadium after the game.", "small vectors."]
        return (0..<256).map { "\(subjects[$0 % 8]) \(verbs[($0 / 8) % 8]) \(objects[($0 / 64 + $0) % 8])" }
    }

    @Test func sentencesPerSecond() throws {
        let texts = try Self.texts()
        let embedder = try Embedder(file: ConvertedMiniLM.file(), pool: ConvertedMiniLM.pool)
        _ = try embedder.embed(Array(texts.prefix(16)))
        let rounds = 3
        let start = Date()
        var tokens = 0
        for _ in 0..<rounds { tokens += try embedder.embed(texts).tokenCounts.reduce(0, +) }
        let seconds = Date().timeIntervalSince(start)
        let rate = Double(rounds * texts.count) / seconds
        print(String(format: "ours: %.1f sentences/s (%d texts, %.1f tokens each, 2 threads, F16)",
                     rate, texts.count, Double(tokens) / Double(rounds * texts.count)))
        #expect(rate > 0)
    }
}
