import Foundation
import Testing
import TestSupport

import Engine

/// llama.cpp's outputs for Gemma 3 on a ~1,500-token prompt (`Fixtures/gemma3-longctx.json`, written by
/// `scripts/make-gemma-longctx-fixture.py`): the prompt (1,502 tokens, chosen so that its next token is
/// not a near-tie), the argmax and its lead over the runner-up after every position, and the top-5
/// after positions 600, 1000, 1499 and the last one.
struct GemmaLongContextFixture: Decodable {
    struct Position: Decodable {
        let position: Int
        let top5_ids: [Int32]
        let top5_logits: [Float]
    }

    let n_tokens: Int
    let tokens: [Int32]
    let top1: [Int32]
    let top1_margin: [Float]
    let next_token: Int32
    let positions: [Position]

    static func load() throws -> GemmaLongContextFixture {
        let url = TestPaths.fixture("gemma3-longctx.json", target: "EngineTests")
        return try JSONDecoder().decode(GemmaLongContextFixture.self, from: Data(contentsOf: url))
    }
}

/// The sliding window of Gemma 3 (512 positions on 5 of every 6 layers) past its length: the same
/// next token as llama.cpp after a 1,500-token prompt, and at positions well beyond the window.
/// Runs in ~70 s on 2 cores (release).
@Suite(.serialized)
struct GemmaLongContextTests {
    /// Evaluates the fixture's prompt teacher-forced in batches of 512 (positions continuing) and
    /// returns our argmax after every position.
    static func ourTop1(_ fixture: GemmaLongContextFixture) throws -> [Int32] {
        let file = try GGUFFile.open(path: try TestPaths.require(TestPaths.gemma3).path)
        let model = try ModelLoader.load(file, pool: ThreadPool(threads: 2))
        let cache = model.makeCache(contextLength: 2048)
        let vocabulary = model.hyperParameters.vocabularySize
        let batch = min(512, model.maxBatch)
        // [batch, vocabulary] logits of one forward call.
        var logits = [Float](repeating: 0, count: batch * vocabulary)
        var top1: [Int32] = []
        top1.reserveCapacity(fixture.tokens.count)
        var start = 0
        while start < fixture.tokens.count {
            let end = min(fixture.tokens.count, start + batch)
            logits.withUnsafeMutableBufferPointer { out in
                fixture.tokens.withUnsafeBufferPointer { toks in
                    guard let base = out.baseAddress else { return }
                    model.forward(
                        UnsafeBufferPointer(rebasing: toks[start..<end]), position: start, cache: cache,
                        rows: .all, logits: base)
                    for i in 0..<(end - start) {
                        let row = base + i * vocabulary
                        var best = 0
                        for j in 1..<vocabulary where row[j] > row[best] { best = j }
                        top1.append(Int32(best))
                    }
                }
            }
            start = end
        }
        return top1
    }

    /// Below this lead of llama.cpp's top-1 over its runner-up (in logits), the two are a tie that
    /// the last bits of a float decide: either of them is accepted.
    static let nearTie: Float = 0.1

    @Test func nextTokenAndNamedPositionsMatchLlamaCpp() throws {
        let fixture = try GemmaLongContextFixture.load()
        try #require(fixture.tokens.count == fixture.n_tokens && fixture.top1.count == fixture.n_tokens)
        let ours = try Self.ourTop1(fixture)
        try #require(ours.count == fixture.tokens.count)
        for p in fixture.positions {
            let ref = p.top5_ids[0]
            let margin = p.top5_logits[0] - p.top5_logits[1]
            let rank = p.top5_ids.firstIndex(of: ours[p.position]).map { "rank \($0 + 1)" } ?? "not in top 5"
            print("gemma3 long context: position \(p.position): ours \(ours[p.position]) (\(rank) of llama.cpp's), "
                + "llama.cpp \(ref), its top-2 margin \(margin)")
            if margin >= Self.nearTie {
                #expect(ours[p.position] == ref, "top-1 after position \(p.position)")
            } else {
                // A cluster of near-equal candidates: ours must be one llama.cpp scores within 0.3
                // of its best (position 600: four candidates within 0.28).
                let close = zip(p.top5_ids, p.top5_logits).filter { p.top5_logits[0] - $0.1 <= 0.3 }.map(\.0)
                #expect(close.contains(ours[p.position]), "near-tie cluster after position \(p.position)")
            }
        }
        #expect(ours[fixture.n_tokens - 1] == fixture.next_token, "next token after the 1,500-token prompt")
        // Agreement over the positions past the first window, where the sliding layers drop old keys.
        let beyond = 512..<fixture.n_tokens
        let agree = beyond.filter { ours[$0] == fixture.top1[$0] }.count
        let all = (0..<fixture.n_tokens).filter { ours[$0] == fixture.top1[$0] }.count
        let clear = (0..<fixture.n_tokens).filter { fixture.top1_margin[$0] >= Self.nearTie }
        let clearAgree = clear.filter { ours[$0] == fixture.top1[$0] }.count
        print("gemma3 long context: top-1 agreement \(all)/\(fixture.n_tokens) overall, "
            + "\(agree)/\(beyond.count) after position 512, \(clearAgree)/\(clear.count) where llama.cpp's lead >= \(Self.nearTie)")
        // Our graph is llama.cpp's bit for bit here too (its full-size SWA cache keeps position q in
        // cell q, so softmax chunks and V·p lanes follow positions): every position agrees.
        #expect(agree == beyond.count && all == fixture.n_tokens)
    }
}
