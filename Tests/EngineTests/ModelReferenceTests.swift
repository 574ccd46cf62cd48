import Foundation
import Testing
import TestSupport

import Engine

/// Teacher-forced and greedy agreement of our engine with llama.cpp on the real models.
@Suite(.serialized)
struct ModelReferenceTests {
    static let models: [ReferenceModel] = [.smolLM2, .gemma3]

    /// Whether `model` is gemma3. Its Q4_K products now round as llama.cpp's AVX2 repack kernels
    /// (layer 0's attention output is bit-identical) and greedy decoding meets issue 4 (measured 4 of
    /// 4 prompts identical for 16 tokens); teacher-forced top-1 does not yet (issue 4 asks 97%;
    /// measured 94.9%, perplexity 15.344 vs 15.369): llama.cpp's batched Q6_K `ffn_down` and a few
    /// GELU values still differ by ulps, so its bars there are regression guards at the measured level.

    /// Loads a model with a cache of `context` positions.
    static func load(_ model: ReferenceModel, context: Int = 512) throws -> InferenceSession {
        let file = try GGUFFile.open(path: try TestPaths.require(model.path()).path)
        let lm = try ModelLoader.load(file, pool: ThreadPool(threads: 2))
        return InferenceSession(model: lm, contextLength: context)
    }

    @Test(arguments: models)
    func teacherForcedAgreementAndPerplexity(_ model: ReferenceModel) throws {
        let fixture = try ReferenceFixture.load(model.fixture)
        // Windows hold 512 tokens, plus BOS for models that add one (gemma3: 513).
        let session = try Self.load(model, context: fixture.perplexity.windows.map(\.tokens.count).max() ?? 512)
        let lm = session.model
        // llama-perplexity scores the last `scored_tokens / windows` predictions of each window.
        let scoredPerWindow = fixture.perplexity.scored_tokens / fixture.perplexity.windows.count
        let vocabulary = lm.hyperParameters.vocabularySize
        var agree = 0, positions = 0
        var deltas: [Double] = []  // |our log-prob − llama.cpp's| of each target token
        var divergences: [Int] = []  // per window, the first position more than 1e-3 apart
        var nll = 0.0, scored = 0
        for window in fixture.perplexity.windows {
            let n = window.tokens.count
            var logits = [Float](repeating: 0, count: n * vocabulary)
            session.reset()
            // Evaluate the window in two batches, as the server would with num_batch 256.
            logits.withUnsafeMutableBufferPointer { out in
                window.tokens.withUnsafeBufferPointer { toks in
                    let half = n / 2
                    lm.forward(UnsafeBufferPointer(rebasing: toks[0..<half]), position: 0, cache: session.cache,
                               rows: .all, logits: out.baseAddress!)
                    lm.forward(UnsafeBufferPointer(rebasing: toks[half..<n]), position: half, cache: session.cache,
                               rows: .all, logits: out.baseAddress! + half * vocabulary)
                }
            }
            var firstDivergence: Int?
            defer { divergences.append(firstDivergence ?? n) }
            for j in 0..<(n - 1) {
                let row = logits[(j * vocabulary)..<((j + 1) * vocabulary)]
                var best = row.startIndex
                var maxLogit = -Float.infinity
                for i in row.indices where row[i] > maxLogit {
                    maxLogit = row[i]
                    best = i
                }
                if Int32(best - row.startIndex) == window.top1[j] { agree += 1 }
                var sum = 0.0
                for v in row { sum += exp(Double(v - maxLogit)) }
                let logProb = Double(row[row.startIndex + Int(window.tokens[j + 1])] - maxLogit) - log(sum)
                // BOS windows store n − 2 log-probs: target_logprob[i] is the prediction after position i + 1.
                let i = j - (n - 1 - window.target_logprob.count)
                if i >= 0, i < window.target_logprob.count {
                    deltas.append(abs(logProb - window.target_logprob[i]))
                    if firstDivergence == nil, abs(logProb - window.target_logprob[i]) > 1e-3 { firstDivergence = j }
                }
                positions += 1
                if j >= n - 1 - scoredPerWindow {
                    nll -= logProb
                    scored += 1
                }
            }
        }
        let meanDelta = deltas.reduce(0, +) / Double(deltas.count)
        print("\(model): first divergence per window \(divergences), mean |Δ log-prob| \(meanDelta)")
        let agreement = Double(agree) / Double(positions)
        let ppl = exp(nll / Double(scored))
        print("\(model): top-1 agreement \(agree)/\(positions) = \(agreement), perplexity \(ppl) vs llama.cpp \(fixture.perplexity.ppl)")
        #expect(scored == fixture.perplexity.scored_tokens)
        // Both models: our graph computes what llama.cpp's does bit for bit (same quantized kernels
        // and their rounding — for Gemma 3 also the Q4_K repack gemm/gemv, the tiled Q6_K batch
        // product and ggml's f16 GELU table —, summation orders, exp, f16 roundings; docs/engine.md),
        // so no position of any window drifts (measured: 2044/2044 and 2048/2048 top-1, perplexity
        // equal to 7 digits).
        #expect(divergences.allSatisfy { $0 >= window(fixture) - 1 }, "first divergences \(divergences)")
        #expect(agreement >= 0.999)
        #expect(abs(ppl / fixture.perplexity.ppl - 1) <= 0.0001)
    }

    /// Tokens per window (512 for SmolLM2).
    private func window(_ fixture: ReferenceFixture) -> Int {
        fixture.perplexity.windows.map(\.tokens.count).min() ?? 0
    }

    @Test(arguments: models)
    func greedyContinuationsMatch(_ model: ReferenceModel) throws {
        let fixture = try ReferenceFixture.load(model.fixture)
        let session = try Self.load(model)
        var matching = 0
        for case_ in fixture.greedy {
            try session.evaluate(case_.prompt_ids)
            let sampler = Sampler(options: .greedy, vocabularySize: session.model.hyperParameters.vocabularySize)
            var out: [Int32] = []
            for _ in 0..<16 {
                let t = sampler.sample(session.logits.pointer, history: session.tokens[...])
                out.append(t)
                try session.append(t)
            }
            let same = out == Array(case_.greedy_ids.prefix(16))
            print("\(model) greedy \(case_.prompt.debugDescription): \(same ? "identical" : "differs: \(out) vs \(Array(case_.greedy_ids.prefix(16)))")")
            if same { matching += 1 }
        }
        // All identical for both models (a single decoded token takes llama.cpp's ggml_vec_dot_f16
        // order in attention and its per-row K-quant kernels, a batch the tinyBLAS order and the
        // tiled/repacked K-quant products; all are reproduced).
        #expect(matching == fixture.greedy.count)
    }
}
