import Foundation
import Testing
import TestSupport

import Engine

/// Splitting a prompt into batches does not change a single bit of the logits (every batch of two
/// or more tokens takes llama.cpp's tinyBLAS order). A single token takes llama.cpp's decode order
/// instead; `ModelReferenceTests.greedyContinuationsMatch` checks that path against llama.cpp.
@Suite(.serialized)
struct BatchConsistencyTests {
    @Test(arguments: [ReferenceModel.smolLM2])
    func batchedLogitsEqualChunkedLogits(_ model: ReferenceModel) throws {
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
        let chunked = InferenceSession(model: lm, contextLength: 64)
        var pieces = [Float](repeating: 0, count: tokens.count * vocabulary)
        var start = 0
        for size in [5, 2, 3, 2] {
            pieces.withUnsafeMutableBufferPointer { out in
                tokens.withUnsafeBufferPointer { t in
                    lm.forward(UnsafeBufferPointer(rebasing: t[start..<(start + size)]), position: start,
                               cache: chunked.cache, rows: .all, logits: out.baseAddress! + start * vocabulary)
                }
            }
            start += size
        }
        #expect(start == tokens.count)
        let differing = zip(all, pieces).filter { $0 != $1 }.count
        print("\(model): \(differing) of \(all.count) logits differ between one batch and chunks of 5, 2, 3, 2")
        #expect(differing == 0)
    }
}
