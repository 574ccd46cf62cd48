import Engine
import Foundation
import Testing
import TestSupport

/// Our token ids against llama.cpp's, on the reference fixtures of both models.
@Suite struct TokenizerFixtureTests {
    @Test(arguments: ["smollm2", "gemma3"])
    func stringsMatchLlamaCpp(model: String) throws {
        let tokenizer = try LoadedTokenizers.named(model)
        let fixture = try TokenizerFixture.load(LoadedTokenizers.fixtureName(model))
        #expect(fixture.tokenizer.count == 25)
        for c in fixture.tokenizer {
            let ids = tokenizer.encode(c.text, addSpecial: false, parseSpecial: true)
            #expect(ids == c.ids, "\(model): \(c.text.debugDescription)")
        }
    }

    @Test(arguments: ["smollm2", "gemma3"])
    func greedyPromptsMatchLlamaCpp(model: String) throws {
        let tokenizer = try LoadedTokenizers.named(model)
        let fixture = try TokenizerFixture.load(LoadedTokenizers.fixtureName(model))
        #expect(tokenizer.addBOS == fixture.add_bos)
        #expect(tokenizer.bos == fixture.bos_id && tokenizer.eos == fixture.eos_id)
        for g in fixture.greedy {
            #expect(tokenizer.encode(g.prompt, addSpecial: true, parseSpecial: true) == g.prompt_ids, "\(g.prompt)")
        }
    }

    /// The reference text, tokenized without special parsing, cut into 512-token windows (BOS first when the model adds one).
    @Test(arguments: ["smollm2", "gemma3"])
    func perplexityWindowsMatchLlamaCpp(model: String) throws {
        let tokenizer = try LoadedTokenizers.named(model)
        let fixture = try TokenizerFixture.load(LoadedTokenizers.fixtureName(model))
        let all = tokenizer.encode(try TokenizerFixture.referenceText(), addSpecial: false, parseSpecial: false)
        let n = fixture.perplexity.window
        #expect(all.count >= n * fixture.perplexity.windows.count)
        for (k, window) in fixture.perplexity.windows.enumerated() {
            let expected = window.tokens.dropFirst(fixture.add_bos ? 1 : 0)
            if fixture.add_bos { #expect(window.tokens.first == tokenizer.bos) }
            let ours = all.dropFirst(k * n).prefix(expected.count)
            #expect(Array(ours) == Array(expected), "\(model) window \(k)")
            if Array(ours) != Array(expected) {
                let first = zip(ours, expected).enumerated().first { $0.element.0 != $0.element.1 }
                Issue.record("first difference at \(first?.offset ?? -1): ours \(Array(ours.dropFirst(first?.offset ?? 0).prefix(8))) vs \(Array(expected.dropFirst(first?.offset ?? 0).prefix(8)))")
            }
        }
    }
}
