import Engine
import Foundation
import Testing
import TestSupport

/// The hand-written pre-tokenizer scanners against the regexes llama.cpp uses, run by ICU
/// (NSRegularExpression) as the oracle. `\s` is spelled `\p{White_Space}` because ICU's `\s`
/// omits U+000B and U+0085, which llama.cpp counts as whitespace.
@Suite struct TokenizerPreTokenizerTests {
    static let gpt2 = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#
    static let llama3 = #"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#

    static let stages: [PreTokenizer: [String]] = [
        .gpt2: [gpt2],
        .llama3: [llama3],
        .qwen2: [llama3.replacingOccurrences(of: #"\p{N}{1,3}"#, with: #"\p{N}"#)],
        .smollm: [#"\p{N}"#, gpt2],
        .standard: [#"[\p{P}\$\+<=>\^~\|]+"#, gpt2, #"\p{N}+"#, "[0-9][0-9][0-9]"],
    ]

    /// Splits like llama.cpp's `unicode_regex_split`: each stage splits every piece; unmatched text stays a piece.
    static func oracle(_ text: String, _ patterns: [String]) throws -> [String] {
        var pieces = [text]
        for pattern in patterns {
            let icu = pattern.replacingOccurrences(of: #"\s"#, with: #"\p{White_Space}"#)
                .replacingOccurrences(of: #"\S"#, with: #"\P{White_Space}"#)
            let regex = try NSRegularExpression(pattern: icu)
            var next: [String] = []
            for piece in pieces where !piece.isEmpty {
                let ns = piece as NSString
                var start = 0
                for m in regex.matches(in: piece, range: NSRange(location: 0, length: ns.length)) where m.range.length > 0 {
                    if m.range.location > start { next.append(ns.substring(with: NSRange(location: start, length: m.range.location - start))) }
                    next.append(ns.substring(with: m.range))
                    start = m.range.location + m.range.length
                }
                if start < ns.length { next.append(ns.substring(from: start)) }
            }
            pieces = next
        }
        return pieces
    }

    static func corpus() throws -> [String] {
        let url = try TestPaths.require(TestPaths.fixture("tokenizer-strings.json", target: "EngineTests"))
        var texts = try JSONDecoder().decode([String].self, from: Data(contentsOf: url))
        texts += [
            "I'M DONE, YOU'LL SEE. it'S 'tis 'x", "can't've", "  \n\n  x", "a\r\n\r\nb \r\n", "x\n", "\n\nx", " \t x",
            "123456789 1234 12", "١٢٣٤ ٥", "x² ½ Ⅻ", "😀😀 ok 👍🏽", "\t\tfoo", "hello   ", "$+<=>^~|` a...b … (1,234.56)",
            "Ünïcödé Ελληνικά  русский\u{00A0}язык\u{3000}日本語", "e\u{0301}te", "a\u{000B}b\u{0085}c", " ' ' '",
            "tail space ", "   ", "\u{2028}x\u{2029}", "!!!abc???\n\n\n", "don't\n'", "x  y   z",
        ]
        texts += try TokenizerFixture.referenceText().components(separatedBy: "\n\n")
        return texts
    }

    @Test(arguments: PreTokenizer.allCases)
    func scannerMatchesRegex(kind: PreTokenizer) throws {
        let patterns = try #require(Self.stages[kind])
        for text in try Self.corpus() {
            let ours = kind.pieces(of: text)
            let expected = try Self.oracle(text, patterns)
            #expect(ours == expected, "\(kind) on \(text.prefix(60).debugDescription)")
            #expect(ours.joined() == text)
        }
    }

    @Test func ggmlNamesMapToKinds() {
        #expect(PreTokenizer(ggmlName: "smollm") == .smollm)
        #expect(PreTokenizer(ggmlName: "llama-bpe") == .llama3)
        #expect(PreTokenizer(ggmlName: "qwen2") == .qwen2)
        #expect(PreTokenizer(ggmlName: "gpt2") == .gpt2)
        #expect(PreTokenizer(ggmlName: "default") == .standard)
        #expect(PreTokenizer(ggmlName: "no-such-pre") == nil)
    }
}
