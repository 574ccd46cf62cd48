import Engine
import Foundation
import Testing
import TestSupport

/// WordPiece ids of the converted all-MiniLM-L6-v2 against the reference tokenizer's.
@Suite struct WordPieceTests {
    /// The ids of `text` as the fixture cuts them: [CLS] + the first 254 pieces + [SEP].
    static func truncated(_ ids: [Int32]) -> [Int32] {
        guard ids.count > BertFixture.maxLength, let last = ids.last else { return ids }
        return Array(ids.prefix(BertFixture.maxLength - 1)) + [last]
    }

    @Test func idsMatchTheReferenceForEveryString() throws {
        let fixture = try BertFixture.shared.get()
        let tokenizer = try Tokenizer(ConvertedMiniLM.file())
        #expect(tokenizer.model == .wordPiece)
        for item in fixture.items {
            let ids = Self.truncated(tokenizer.encode(item.text, addSpecial: true, parseSpecial: true))
            #expect(ids == item.token_ids, "\(item.text.debugDescription)")
        }
    }

    /// A folder with only vocab.txt (no tokenizer.json) converts to the same vocabulary and ids.
    @Test func vocabTxtGivesTheSameIds() throws {
        let fixture = try BertFixture.shared.get()
        let source = try TestPaths.require(TestPaths.miniLM)
        let dir = try TemporaryDirectory(prefix: "minilm-vocab")
        defer { dir.remove() }
        let fm = FileManager.default
        for name in ["config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json", "modules.json", "1_Pooling"] {
            try fm.createSymbolicLink(at: dir.url.appendingPathComponent(name), withDestinationURL: source.appendingPathComponent(name))
        }
        let path = dir.url.appendingPathComponent("m.gguf").path
        try ModelConverter.convert(folder: dir.url, to: path)
        let fromVocab = try GGUFFile.open(path: path)
        let fromJSON = try ConvertedMiniLM.file()
        #expect(fromVocab.metadata.stringArray("tokenizer.ggml.tokens") == fromJSON.metadata.stringArray("tokenizer.ggml.tokens"))
        #expect(fromVocab.metadata.intArray("tokenizer.ggml.token_type") == fromJSON.metadata.intArray("tokenizer.ggml.token_type"))
        let tokenizer = try Tokenizer(fromVocab)
        for item in fixture.items {
            #expect(Self.truncated(tokenizer.encode(item.text, addSpecial: true, parseSpecial: true)) == item.token_ids)
        }
    }

    /// The vocabulary is stored as llama.cpp stores it: `▁` word starts, bare continuations, control specials.
    @Test func vocabularyUsesLlamaCppSpelling() throws {
        let m = try ConvertedMiniLM.file().metadata
        let tokens = try #require(m.stringArray("tokenizer.ggml.tokens"))
        let types = try #require(m.intArray("tokenizer.ggml.token_type"))
        #expect(tokens.count == 30522)
        #expect(tokens[101] == "[CLS]" && types[101] == 3)
        #expect(tokens[7592] == "\u{2581}hello" && types[7592] == 1)
        let vocab = try String(contentsOf: TestPaths.miniLM.appendingPathComponent("vocab.txt"), encoding: .utf8)
            .components(separatedBy: "\n")
        let continuation = try #require(vocab.firstIndex { $0.hasPrefix("##") && $0.count > 3 })
        #expect(tokens[continuation] == String(vocab[continuation].dropFirst(2)))
        #expect(m.string("tokenizer.ggml.model") == "bert")
        #expect(m.int("tokenizer.ggml.unknown_token_id") == 100 && m.int("tokenizer.ggml.seperator_token_id") == 102)
        #expect(m.int("tokenizer.ggml.bos_token_id") == 101 && m.int("tokenizer.ggml.padding_token_id") == 0)
        #expect(m.bool("tokenizer.ggml.normalizer.lowercase") == true)
    }

    /// Special-token texts in the input are recognised; unknown words become [UNK]; a word longer
    /// than 100 characters is one [UNK].
    @Test func specialsUnknownsAndLongWords() throws {
        let tokenizer = try Tokenizer(ConvertedMiniLM.file())
        let ids = tokenizer.encode("a [SEP] b", addSpecial: true, parseSpecial: true)
        #expect(ids.count == 5 && ids[2] == 102 && ids.first == 101 && ids.last == 102)
        #expect(tokenizer.encode("🦙", addSpecial: false, parseSpecial: true) == [100])
        #expect(tokenizer.encode(String(repeating: "ab", count: 51), addSpecial: false, parseSpecial: true) == [100])
        #expect(tokenizer.encode(String(repeating: "ab", count: 50), addSpecial: false, parseSpecial: true).count > 1)
    }
}
