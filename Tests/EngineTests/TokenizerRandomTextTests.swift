import Engine
import Foundation
import Testing
import TestSupport

/// Seeded random strings mixing scripts, digits, punctuation, emoji, combining marks and every
/// kind of whitespace: the scanners still agree with the regexes, and encode/decode is lossless.
@Suite struct TokenizerRandomTextTests {
    static let alphabet: [Unicode.Scalar] = Array(String(
        "aZ q'sTLLve09 .,;!?$+<=>^~|`_-()[]{}\"\\/@#%&*\t\n\r\u{0B}\u{0C}\u{85}\u{A0}\u{2009}\u{3000}\u{2028}"
            + "éÅßøΩжЖ天空蓝한국ि١٢½²Ⅻ\u{0301}\u{0308}\u{200D}🦙🚀👍🏽\u{10FFFD}\u{E000}\u{FEFF}…—«»"
    ).unicodeScalars)

    static func randomTexts(count: Int, seed: UInt64) -> [String] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var s = String.UnicodeScalarView()
            for _ in 0..<Int(rng.next() % 24) { s.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            return String(s)
        }
    }

    @Test(arguments: PreTokenizer.allCases)
    func scannersAgreeWithRegexesOnRandomText(kind: PreTokenizer) throws {
        let patterns = try #require(TokenizerPreTokenizerTests.stages[kind])
        for text in Self.randomTexts(count: 300, seed: 7) {
            #expect(kind.pieces(of: text) == (try TokenizerPreTokenizerTests.oracle(text, patterns)),
                    "\(kind) on \(text.debugDescription)")
        }
    }

    @Test(arguments: ["smollm2", "gemma3"])
    func randomTextRoundTrips(model: String) throws {
        let tokenizer = try LoadedTokenizers.named(model)
        for text in Self.randomTexts(count: 300, seed: 11) {
            let ids = tokenizer.encode(text, addSpecial: false, parseSpecial: false)
            #expect(ids.allSatisfy { $0 >= 0 && Int($0) < tokenizer.vocabularySize })
            #expect(tokenizer.decode(ids) == text, "\(model) on \(text.debugDescription)")
        }
    }
}
