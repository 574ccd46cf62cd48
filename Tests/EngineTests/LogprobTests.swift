import Foundation
import Testing
import TestSupport

import Engine

/// The generator's per-token log-probabilities on SmolLM2: against the engine's own log-softmax of
/// the same logits and, loosely, against llama.cpp's teacher-forced log-probs of the fixture.
@Suite(.serialized)
struct LogprobTests {
    /// log-softmax of `logits` in Double (the independent reference).
    static func logSoftmax(_ logits: UnsafePointer<Float>, count: Int) -> [Double] {
        var maxLogit = -Double.infinity
        for i in 0..<count { maxLogit = max(maxLogit, Double(logits[i])) }
        var sum = 0.0
        for i in 0..<count { sum += exp(Double(logits[i]) - maxLogit) }
        let lse = maxLogit + log(sum)
        return (0..<count).map { Double(logits[$0]) - lse }
    }

    @Test func greedyLogprobsMatchLogSoftmaxAndLlamaCpp() throws {
        let fixture = try ReferenceFixture.load(ReferenceModel.smolLM2.fixture)
        let window = try #require(fixture.perplexity.windows.first)
        let file = try GGUFFile.open(path: try TestPaths.require(TestPaths.smolLM2).path)
        let model = try ModelLoader.load(file, pool: ThreadPool(threads: 2))
        let session = InferenceSession(model: model, contextLength: 512)
        let tokenizer = try Tokenizer(file)
        let vocabulary = model.hyperParameters.vocabularySize
        var options = GenerationOptions()
        options.sampler = .greedy
        options.numPredict = 1
        var compared = 0, worst = 0.0, total = 0.0  // |ours − llama.cpp| of the fixture's next token
        var deltas: [(Int, Double)] = []
        // Positions 8..<72 of the first window, each prompt evaluated as one batch (as llama.cpp's
        // teacher-forced pass did).
        for j in 8..<72 {
            let prompt = Array(window.tokens[0...j])
            session.reset()
            let generator = Generator(session: session, tokenizer: tokenizer, options: options, topLogprobs: 5)
            try generator.start(prompt: prompt)
            let reference = Self.logSoftmax(session.logits.pointer, count: vocabulary)
            _ = try generator.next()
            let result = try #require(generator.lastLogprob)
            #expect(result.token == generator.generated.first)
            #expect(result.top.count == 5)
            #expect(result.top.first?.token == result.token)
            #expect(result.top.first?.logprob == result.logprob)
            #expect(result.top.map(\.logprob) == result.top.map(\.logprob).sorted(by: >))
            #expect(result.top.reduce(0.0) { $0 + exp(Double($1.logprob)) } <= 1 + 1e-5)
            for candidate in result.top {
                #expect(abs(Double(candidate.logprob) - reference[Int(candidate.token)]) < 1e-4)
            }
            // llama.cpp's log-prob of the window's next token, where it is among our top 5.
            let target = window.tokens[j + 1]
            if let ours = result.top.first(where: { $0.token == target }) {
                let delta = abs(Double(ours.logprob) - window.target_logprob[j])
                worst = max(worst, delta)
                total += delta
                deltas.append((j, delta))
                compared += 1
            }
        }
        print("logprobs vs llama.cpp: \(compared) compared, mean |Δ| \(total / Double(max(compared, 1))), worst \(worst): \(deltas.map { "\($0.0):\(String(format: "%.3f", $0.1))" })")
        #expect(compared >= 30, "the fixture's next token was in our top 5 only \(compared) times")
        // The engine's batched pass is llama.cpp's bit for bit: only the fixture's float rounding is left.
        #expect(worst < 1e-5, "\(deltas)")
    }

    /// Penalties and temperature change the draw, not the reported (model) distribution.
    @Test func penaltiesDoNotChangeReportedLogprobs() throws {
        let file = try GGUFFile.open(path: try TestPaths.require(TestPaths.smolLM2).path)
        let model = try ModelLoader.load(file, pool: ThreadPool(threads: 2))
        let session = InferenceSession(model: model, contextLength: 128)
        let tokenizer = try Tokenizer(file)
        let prompt = tokenizer.encode("The the the the the the the", addSpecial: false, parseSpecial: false)
        var plain = GenerationOptions()
        plain.sampler = .greedy
        plain.numPredict = 1
        var penalised = plain
        penalised.sampler.repeatPenalty = 3
        penalised.sampler.temperature = 0.5
        penalised.sampler.seed = 1
        var results: [TokenLogprob] = []
        for options in [plain, penalised] {
            let generator = Generator(session: session, tokenizer: tokenizer, options: options, topLogprobs: 3)
            try generator.start(prompt: prompt)
            _ = try generator.next()
            results.append(try #require(generator.lastLogprob))
        }
        #expect(results[0].top == results[1].top)
        // Without a request, nothing is recorded.
        let quiet = Generator(session: session, tokenizer: tokenizer, options: plain)
        try quiet.start(prompt: prompt)
        _ = try quiet.next()
        #expect(quiet.lastLogprob == nil)
    }
}
