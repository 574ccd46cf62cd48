import Foundation
import Testing
import TestSupport

import Engine

/// A batch forward must give the same logits as feeding the same tokens one at a time.
@Suite(.serialized)
struct BatchConsistencyTests {
    @Test(arguments: [ReferenceModel.smolLM2])
    func batchedLogitsEqualSequentialLogits(_ model: ReferenceModel) throws {
        let fixture = try ReferenceFixture.load(model.fixture)
        let tokens = Array(fixture.perplexity.windows[0].tokens.prefix(12))
        let file = try GGUFFile.open(path: try TestPaths.require(model.path()).path)
        let lm = try ModelLoader.load(file, pool: ThreadPool(threads: 2))
        let vocabulary = lm.hyperParameters.vocabularySize
        let batched = InferenceSession(model: lm, contextLength: 64)
        var all = [Float](repeating: 0, count: tokens.count * vocabulary)
        all.withUnsafeMutableBufferPointer { out in
            tokens.withUnsafeBufferPointer { lm.forward($0, position: 0, cache: batched.cache, rows: .all, logits: out.baseAddress!) }
        }
        let sequential = InferenceSession(model: lm, contextLength: 64)
        var worst: Float = 0
        for (i, t) in tokens.enumerated() {
            if i == 0 { try sequential.evaluate([t]) } else { try sequential.append(t) }
            for v in 0..<vocabulary {
                worst = max(worst, abs(all[i * vocabulary + v] - sequential.logits.pointer[v]))
            }
            print("\(model) position \(i): worst |Δlogit| so far \(worst)")
        }
        #expect(worst < 0.05)
    }
}
