import Foundation
import Testing
import TestSupport

import Engine

/// The byte grammar: compilation checks, matching, and the vocabulary mask against a
/// token-by-token brute force on the real tokenizers.
@Suite struct GrammarTests {
    /// A constraint over the bytes of a tiny vocabulary is not needed: `allows` checks raw bytes.
    static func constraint(_ grammar: Grammar, tokenizer: Tokenizer) throws -> GrammarConstraint {
        try GrammarConstraint(grammar: grammar, tokenizer: tokenizer)
    }

    static let smolTokenizer: Tokenizer? = try? Tokenizer(GGUFFile.open(path: TestPaths.smolLM2.path))
    static let gemmaTokenizer: Tokenizer? = try? Tokenizer(GGUFFile.open(path: TestPaths.gemma3.path))

    static func tokenizer(_ name: String) throws -> Tokenizer {
        let t = name == "smollm2" ? smolTokenizer : gemmaTokenizer
        _ = try TestPaths.require(name == "smollm2" ? TestPaths.smolLM2 : TestPaths.gemma3)
        return try #require(t)
    }

    /// Whether `grammar` accepts `text` as a complete document.
    static func accepts(_ grammar: Grammar, _ text: String, tokenizer: Tokenizer) throws -> Bool {
        let c = try constraint(grammar, tokenizer: tokenizer)
        return c.advance(Array(text.utf8)) && c.canEnd
    }

    // MARK: - Matching

    @Test func literalsChoicesAndBoundedRepetition() throws {
        let t = try Self.tokenizer("smollm2")
        let digit = GrammarExpression.bytes(ByteSet(range: UInt8(ascii: "0")...UInt8(ascii: "9")))
        let g = Grammar(root: .sequence([
            .choice([.text("ab"), .text("ac")]),
            .repetition(digit, min: 2, max: 4),
            .optional(.text("!")),
        ]))
        for ok in ["ab12", "ac1234", "ab123!", "ac99!"] { #expect(try Self.accepts(g, ok, tokenizer: t), "\(ok)") }
        for bad in ["ab1", "ab12345", "ad12", "ab12!!", "", "ab"] { #expect(try !Self.accepts(g, bad, tokenizer: t), "\(bad)") }
        // A prefix is allowed but not complete.
        let c = try Self.constraint(g, tokenizer: t)
        #expect(c.advance(Array("ab1".utf8)))
        #expect(!c.canEnd && !c.isComplete)
        #expect(c.advance(Array("2".utf8)) && c.canEnd && !c.isComplete)
        #expect(c.advance(Array("34!".utf8)) && c.isComplete)
        #expect(!c.allows(Array("5".utf8)))
    }

    @Test func recursiveRulesNestBalancedBrackets() throws {
        let t = try Self.tokenizer("smollm2")
        var g = Grammar()
        let root = g.addRule("root")
        let list = g.addRule("list")
        g.define(root, .rule(list))
        // list := "[" (list ("," list)*)? "]"
        g.define(list, .sequence([.text("["), .optional(.sequence([.rule(list), .star(.sequence([.text(","), .rule(list)]))])), .text("]")]))
        for ok in ["[]", "[[]]", "[[],[[]],[]]", "[[[[[[[[]]]]]]]]"] { #expect(try Self.accepts(g, ok, tokenizer: t), "\(ok)") }
        for bad in ["[", "[]]", "[[],]", "[[]", "[],[]"] { #expect(try !Self.accepts(g, bad, tokenizer: t), "\(bad)") }
    }

    @Test func compileErrors() {
        var undefined = Grammar()
        undefined.addRule("root")
        #expect(throws: GrammarError.undefinedRule("root")) { try GrammarAutomaton(undefined) }

        var left = Grammar()
        let root = left.addRule("root")
        let a = left.addRule("a")
        left.define(root, .rule(a))
        left.define(a, .choice([.sequence([.optional(.text("x")), .rule(a), .text("y")]), .text("z")]))
        #expect(throws: GrammarError.leftRecursion("a")) { try GrammarAutomaton(left) }

        #expect(throws: GrammarError.invalidRepetition(min: 3, max: 2)) {
            try GrammarAutomaton(Grammar(root: .repetition(.text("a"), min: 3, max: 2)))
        }
    }

    @Test func literalPrefixTreeIsDeterministicAndExact() throws {
        let t = try Self.tokenizer("smollm2")
        let words = ["\"red\"", "\"green\"", "\"greenish\"", "\"gre\"", "1", "10", "100"]
        let g = Grammar(root: .literals(words.map { Array($0.utf8) }))
        for w in words { #expect(try Self.accepts(g, w, tokenizer: t), "\(w)") }
        for bad in ["\"gree\"", "\"re\"", "1000", "\"red", "0"] { #expect(try !Self.accepts(g, bad, tokenizer: t), "\(bad)") }
        let c = try Self.constraint(g, tokenizer: t)
        #expect(c.advance(Array("\"gre".utf8)))
        #expect(c.configurations.count == 1)
    }

    // MARK: - Masks on real vocabularies

    /// A small JSON-like grammar: `{"name": <string>, "n": <int>, "tags": [<value>…]}` where
    /// values nest (strings, integers, arrays), with optional single spaces.
    static var documentGrammar: Grammar {
        var g = Grammar()
        let root = g.addRule("root")
        let value = g.addRule("value")
        let plain = ByteSet(range: 0x20...0xFF).subtracting(ByteSet(Array("\"\\".utf8)))
        let string = GrammarExpression.sequence([
            .text("\""), .star(.choice([.bytes(plain), .sequence([.text("\\"), .bytes(ByteSet(Array("\"\\nt".utf8)))])])),
            .text("\""),
        ])
        let digits = ByteSet(range: UInt8(ascii: "0")...UInt8(ascii: "9"))
        let integer = GrammarExpression.sequence([.optional(.text("-")), .bytes(digits), .repetition(.bytes(digits), min: 0, max: 8)])
        let ws = GrammarExpression.optional(.text(" "))
        let array = GrammarExpression.sequence([.text("["), .optional(.sequence([.rule(value), .star(.sequence([.text(","), ws, .rule(value)]))])), .text("]")])
        g.define(value, .choice([string, integer, array]))
        g.define(root, .sequence([
            .text("{"), ws, .text("\"name\":"), ws, string, .text(","), ws, .text("\"n\":"), ws, integer, .text(","), ws,
            .text("\"tags\":"), ws, array, ws, .text("}"),
        ]))
        return g
    }

    /// Checks the mask after `prefix` against testing each token's bytes one by one.
    static func checkMask(_ tokenizer: Tokenizer, after prefix: String) throws {
        let c = try constraint(documentGrammar, tokenizer: tokenizer)
        #expect(c.advance(Array(prefix.utf8)), "prefix \(prefix)")
        let n = tokenizer.vocabularySize
        var logits = [Float](repeating: 0, count: n + 7)  // the model's row may be longer
        let allowed = logits.withUnsafeMutableBufferPointer { c.mask($0.baseAddress!, count: $0.count) }
        var expected = 0
        var mismatches: [Int32] = []
        for t in 0..<n {
            let id = Int32(t)
            let bytes = tokenizer.pieceBytes(id)
            let ok = tokenizer.isEndOfGeneration(id) ? c.canEnd : (!bytes.isEmpty && c.allows(bytes))
            if ok { expected += 1 }
            if ok != (logits[t] == 0) { mismatches.append(id) }
        }
        #expect(mismatches.isEmpty, "after \(prefix): \(mismatches.prefix(10).map { tokenizer.tokenText($0) ?? "?" })")
        #expect(allowed == expected)
        #expect(logits[n...].allSatisfy { $0 == -.infinity })
    }

    static let prefixes = [
        "", "{", "{ \"na", "{\"name\": \"", "{\"name\": \"Ada Lov", "{\"name\":\"a\\", "{\"name\":\"x\", \"n\": 4",
        "{\"name\":\"x\",\"n\":-12345678,\"tags\":[", "{\"name\":\"x\",\"n\":1,\"tags\":[[\"a\", [1", "{\"name\":\"\",\"n\":0,\"tags\":[] ",
    ]

    @Test(arguments: ["smollm2", "gemma3"])
    func maskMatchesBruteForce(_ model: String) throws {
        let t = try Self.tokenizer(model)
        for prefix in Self.prefixes { try Self.checkMask(t, after: prefix) }
    }

    @Test func endOfGenerationOnlyWhenComplete() throws {
        let t = try Self.tokenizer("smollm2")
        let eos = try #require(t.eos)
        let c = try Self.constraint(Self.documentGrammar, tokenizer: t)
        #expect(throws: GrammarError.tokenRejected(eos)) { try c.accept(eos) }
        #expect(c.advance(Array("{\"name\":\"\",\"n\":0,\"tags\":[]".utf8)))
        var logits = [Float](repeating: 0, count: t.vocabularySize)
        _ = logits.withUnsafeMutableBufferPointer { c.mask($0.baseAddress!, count: $0.count) }
        #expect(logits[Int(eos)] == -.infinity)
        #expect(c.advance(Array("}".utf8)) && c.isComplete)
        for i in logits.indices { logits[i] = 0 }
        let allowed = logits.withUnsafeMutableBufferPointer { c.mask($0.baseAddress!, count: $0.count) }
        #expect(logits[Int(eos)] == 0)
        #expect(allowed == t.endOfGeneration.count)
    }

    @Test func trieCoversEveryTokenWithBytes() throws {
        let t = try Self.tokenizer("gemma3")
        let trie = TokenTrie.shared(for: t)
        #expect(TokenTrie.shared(for: t) === trie)
        var expected = 0
        for id in 0..<t.vocabularySize where !t.isEndOfGeneration(Int32(id)) && !t.pieceBytes(Int32(id)).isEmpty {
            expected += 1
        }
        // Every token with bytes is allowed by a grammar accepting any byte string.
        let c = try Self.constraint(Grammar(root: .plus(.bytes(.all))), tokenizer: t)
        var logits = [Float](repeating: 0, count: t.vocabularySize)
        let allowed = logits.withUnsafeMutableBufferPointer { c.mask($0.baseAddress!, count: $0.count) }
        #expect(allowed == expected)
    }
}
