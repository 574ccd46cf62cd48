import Engine
import Foundation
import Testing
import TestSupport

/// Small vocabularies written with GGUFWriter: merge order, byte fallback, and metadata errors.
@Suite struct TokenizerSyntheticTests {
    /// A byte-level BPE vocabulary: the 256 byte characters plus `extra`, with `merges` in rank order.
    static func bpe(extra: [String], merges: [String], pre: String = "gpt2") throws -> Tokenizer {
        var tokens: [String] = (0..<256).map { b in
            let printable = (33...126).contains(b) || (161...172).contains(b) || (174...255).contains(b)
            let offset = (0..<b).filter { !((33...126).contains($0) || (161...172).contains($0) || (174...255).contains($0)) }.count
            return String(Character(Unicode.Scalar(printable ? UInt32(b) : 256 + UInt32(offset)) ?? " "))
        }
        tokens += extra
        var m = GGUFMetadata()
        m.set("tokenizer.ggml.model", .string("gpt2"))
        m.set("tokenizer.ggml.pre", .string(pre))
        m.set("tokenizer.ggml.tokens", .array(.strings(tokens)))
        m.set("tokenizer.ggml.merges", .array(.strings(merges)))
        return try Tokenizer(metadata: m)
    }

    @Test func lowestRankMergesFirst() throws {
        // "abc": "b c" (rank 0) beats "a b" (rank 1) → "a" + "bc".
        let t = try Self.bpe(extra: ["bc", "ab"], merges: ["b c", "a b"])
        #expect(t.encode("abc", addSpecial: false, parseSpecial: false) == [97, 256])
        let u = try Self.bpe(extra: ["bc", "ab"], merges: ["a b", "b c"])
        #expect(u.encode("abc", addSpecial: false, parseSpecial: false) == [257, 99])
    }

    @Test func equalRanksMergeLeftmostFirst() throws {
        // "aaa": the pair "a a" occurs twice; the leftmost merges → "aa" + "a".
        let t = try Self.bpe(extra: ["aa"], merges: ["a a"])
        #expect(t.encode("aaa", addSpecial: false, parseSpecial: false) == [256, 97])
        #expect(t.encode("aaaa", addSpecial: false, parseSpecial: false) == [256, 256])
        // A space is the byte character Ġ (U+0120), token 32 in this byte-ordered vocabulary.
        #expect(t.tokenText(32) == "Ġ")
        #expect(t.encode("a a", addSpecial: false, parseSpecial: false) == [97, 32, 97])
        #expect(t.decode([97, 32, 97]) == "a a")
    }

    /// A SentencePiece vocabulary with scores and `<0xNN>` byte fallback.
    @Test func sentencePieceScoresAndByteFallback() throws {
        var tokens = ["<unk>", "<s>", "</s>"]
        var scores: [Float] = [0, 0, 0]
        var types: [Int32] = [2, 3, 3]
        for b in 0..<256 {
            tokens.append("<0x" + String(format: "%02X", b) + ">")
            scores.append(0)
            types.append(6)
        }
        for (piece, score) in [("▁", -1.0), ("a", -1), ("b", -1), ("ab", -5), ("▁a", -2), ("▁ab", -3)] as [(String, Float)] {
            tokens.append(piece)
            scores.append(score)
            types.append(1)
        }
        var m = GGUFMetadata()
        m.set("tokenizer.ggml.model", .string("llama"))
        m.set("tokenizer.ggml.tokens", .array(.strings(tokens)))
        m.set("tokenizer.ggml.scores", .array(.float32s(scores)))
        m.set("tokenizer.ggml.token_type", .array(.int32s(types)))
        let t = try Tokenizer(metadata: m)
        #expect(t.unknown == 0 && t.bos == 1 && t.eos == 2 && t.addBOS)  // llama.cpp's SentencePiece defaults
        let id = { (s: String) in t.token(forText: s) ?? -1 }
        // add_space_prefix defaults to true: " ab" → "▁a" (-2) merges before "ab" (-5), then "▁ab" (-3).
        #expect(t.encode("ab", addSpecial: true, parseSpecial: false) == [1, id("▁ab")])
        // "é" is not a token: its two UTF-8 bytes fall back to <0xC3> <0xA9>.
        #expect(t.encode("é", addSpecial: false, parseSpecial: false) == [id("▁"), id("<0xC3>"), id("<0xA9>")])
        let ids = t.encode("ab é", addSpecial: true, parseSpecial: false)
        #expect(t.decode(ids, removeSpacePrefix: true) == "ab é")
        #expect(t.decode(ids) == " ab é")
        #expect(t.decode(ids, renderSpecial: true) == "<s> ab é")
    }

    @Test func badMetadataIsATokenizerError() throws {
        var m = GGUFMetadata()
        #expect(throws: TokenizerError.missingKey("tokenizer.ggml.model")) { try Tokenizer(metadata: m) }
        m.set("tokenizer.ggml.model", .string("rwkv"))
        #expect(throws: TokenizerError.unsupportedModel("rwkv")) { try Tokenizer(metadata: m) }
        m.set("tokenizer.ggml.model", .string("gpt2"))
        #expect(throws: TokenizerError.missingKey("tokenizer.ggml.tokens")) { try Tokenizer(metadata: m) }
        m.set("tokenizer.ggml.tokens", .array(.strings(["a", "b"])))
        m.set("tokenizer.ggml.pre", .string("mystery"))
        #expect(throws: TokenizerError.unsupportedPreTokenizer("mystery")) { try Tokenizer(metadata: m) }
        m.set("tokenizer.ggml.pre", .string("gpt2"))
        #expect(throws: TokenizerError.missingKey("tokenizer.ggml.merges")) { try Tokenizer(metadata: m) }
        m.set("tokenizer.ggml.merges", .array(.strings(["ab"])))
        #expect(throws: TokenizerError.self) { try Tokenizer(metadata: m) }
        m.set("tokenizer.ggml.merges", .array(.strings(["a b"])))
        m.set("tokenizer.ggml.token_type", .array(.int32s([1])))
        #expect(throws: TokenizerError.lengthMismatch(key: "tokenizer.ggml.token_type", expected: 2, actual: 1)) {
            try Tokenizer(metadata: m)
        }
        m.set("tokenizer.ggml.token_type", .array(.int32s([1, 1])))
        m.set("tokenizer.ggml.bos_token_id", .uint32(7))
        #expect(throws: TokenizerError.tokenOutOfRange(key: "tokenizer.ggml.bos_token_id", id: 7)) { try Tokenizer(metadata: m) }
        m.set("tokenizer.ggml.bos_token_id", .string("0"))
        _ = try Tokenizer(metadata: m)  // a mistyped optional id is ignored, not misread
    }
}
