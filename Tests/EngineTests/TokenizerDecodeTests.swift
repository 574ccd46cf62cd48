import Engine
import Foundation
import Testing
import TestSupport

/// Decoding, streaming and special tokens on the real vocabularies.
@Suite struct TokenizerDecodeTests {
    @Test(arguments: ["smollm2", "gemma3"])
    func decodeRoundTrips(model: String) throws {
        let tokenizer = try LoadedTokenizers.named(model)
        var texts = try TokenizerPreTokenizerTests.corpus()
        texts.append(try TokenizerFixture.referenceText())
        for text in texts {
            let plain = tokenizer.encode(text, addSpecial: true, parseSpecial: false)
            #expect(tokenizer.decode(plain) == text, "\(model): \(text.prefix(40).debugDescription)")
            let special = tokenizer.encode(text, addSpecial: false, parseSpecial: true)
            #expect(tokenizer.decode(special, renderSpecial: true) == text)
        }
    }

    @Test func controlTokensAreHiddenUnlessRendered() throws {
        let smol = try LoadedTokenizers.named("smollm2")
        let ids = smol.encode("<|im_start|>user\nHi<|im_end|>\n", addSpecial: false, parseSpecial: true)
        let start = try #require(smol.token(forText: "<|im_start|>"))
        let end = try #require(smol.token(forText: "<|im_end|>"))
        #expect(ids.first == start && ids.contains(end))
        #expect(smol.isControl(start) && smol.isControl(end))
        #expect(!smol.isControl(ids[1]))
        #expect(smol.decode(ids) == "user\nHi\n")
        #expect(smol.decode(ids, renderSpecial: true) == "<|im_start|>user\nHi<|im_end|>\n")
        // Without special parsing the same text is plain text.
        #expect(!smol.encode("<|im_start|>", addSpecial: false, parseSpecial: false).contains(start))
    }

    @Test func endOfGenerationTokens() throws {
        let smol = try LoadedTokenizers.named("smollm2")
        #expect(smol.vocabularySize == 49_152)
        #expect(smol.endOfGeneration == [0, 2])  // <|endoftext|>, <|im_end|> (= eos)
        #expect(smol.eot == 2)
        let gemma = try LoadedTokenizers.named("gemma3")
        #expect(gemma.vocabularySize == 262_144)
        let endOfTurn = try #require(gemma.token(forText: "<end_of_turn>"))
        #expect(gemma.endOfGeneration == [1, endOfTurn])
        #expect(gemma.eot == endOfTurn)
        #expect(gemma.isEndOfGeneration(1) && !gemma.isEndOfGeneration(2))
        #expect(gemma.model == .sentencePiece && smol.model == .bytePairEncoding)
        #expect(smol.preTokenizer == .smollm && gemma.preTokenizer == nil)
    }

    /// Emoji and CJK characters split across tokens come out only as whole characters.
    @Test(arguments: ["smollm2", "gemma3"])
    func streamingEmitsWholeCharacters(model: String) throws {
        let tokenizer = try LoadedTokenizers.named(model)
        let text = "emoji 🦙🚀 and café 天空为什么是蓝色的？ 👍🏽 \u{10FFFD}x"
        let ids = tokenizer.encode(text, addSpecial: false, parseSpecial: false)
        var decoder = tokenizer.makeStreamingDecoder()
        var chunks: [String] = []
        for id in ids { chunks.append(decoder.append(id)) }
        chunks.append(decoder.flush())
        #expect(chunks.joined() == text)
        for chunk in chunks { #expect(!chunk.contains("\u{FFFD}"), "\(model) emitted a broken character") }
        // At least one token carried only part of a character, so some appends emitted nothing.
        #expect(chunks.dropLast().contains(""), "\(model): no character was split across tokens")
    }

    @Test func streamingFlushReplacesAnUnfinishedCharacter() throws {
        let smol = try LoadedTokenizers.named("smollm2")
        let ids = smol.encode("🦙", addSpecial: false, parseSpecial: false)
        #expect(ids.count > 1)
        var decoder = smol.makeStreamingDecoder()
        for id in ids.dropLast() { #expect(decoder.append(id) == "") }
        #expect(decoder.flush() == "\u{FFFD}")
        #expect(decoder.flush() == "")
    }
}
