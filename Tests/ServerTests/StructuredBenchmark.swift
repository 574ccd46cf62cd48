import Foundation
import Testing
import TestSupport

import Engine
import Server

/// Decode speed with and without a format, same prompt, run by hand:
/// `STRUCTURED_BENCH=1 swift test -c release --filter ServerTests.StructuredBenchmark`
/// (`STRUCTURED_BENCH_TOKENS`, default 48 tokens per run; each figure is the best of 3 runs).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["STRUCTURED_BENCH"] != nil))
struct StructuredBenchmark {
    static let prompt = "Describe a fictional person: their name, age, job and hobbies. Respond using JSON."
    static let person = #"{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},"job":{"type":"string"},"hobbies":{"type":"array","items":{"type":"string"}}},"required":["name","age","job","hobbies"]}"#

    @Test(arguments: StructuredTestModel.Kind.allCases)
    func decodeSpeed(_ kind: StructuredTestModel.Kind) throws {
        let tokens = Int(ProcessInfo.processInfo.environment["STRUCTURED_BENCH_TOKENS"] ?? "") ?? 48
        let model = try StructuredTestModel.load(kind)
        let formats: [(String, JSONValue?)] = [("none", nil), ("json", "json"), ("schema", try JSONParser().parse(Self.person))]
        var best: [String: (rate: Double, out: StructuredTestModel.Output)] = [:]
        // Interleaved rounds, so that load changes on the machine hit every variant alike.
        for _ in 0..<3 {
            for (name, format) in formats {
                // Temperature 0.9 with a fixed seed: long enough outputs without the greedy loops.
                let out = try model.generate(Self.prompt, format: format, temperature: 0.9, seed: 7, limit: tokens)
                let rate = Double(out.tokens) / out.decodeSeconds
                if rate > best[name]?.rate ?? 0 { best[name] = (rate, out) }
            }
        }
        for (name, _) in formats {
            guard let b = best[name] else { continue }
            let line = String(format: "[structured-bench] %@ %@: %d tokens, %.2f tokens/s, constraint %.2f ms/token\n",
                              kind.description, name, b.out.tokens, b.rate, 1000 * b.out.constraintSeconds / Double(b.out.tokens))
            FileHandle.standardError.write(line.data(using: .utf8) ?? Data())
        }
    }
}
