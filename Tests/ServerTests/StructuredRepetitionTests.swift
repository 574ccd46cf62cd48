import Foundation
import Testing
import TestSupport

import Engine
import Server

/// The repetition rules on top of the JSON grammar: a duplicate key is refused, a container
/// whose last elements repeat earlier ones may only close, and documents with distinct keys and
/// items are never refused.
@Suite struct StructuredRepetitionTests {
    typealias State = JSONRepetitionState

    /// The state after `prefix`, and the refusal `next` runs into from there.
    static func refusal(after prefix: String, _ next: String) -> State.Refusal? {
        var state = State()
        state.advance(Array(prefix.utf8))
        return state.refusal(Array(next.utf8))
    }

    /// Whether `document`, fed byte by byte, runs into no refusal.
    static func passes(_ document: String) -> Bool {
        var state = State()
        for b in document.utf8 {
            if state.refusal([b]) != nil { return false }
            state.advance([b])
        }
        return true
    }

    @Test func duplicateKeyIsRefused() {
        #expect(Self.refusal(after: #"{"a":1,"#, #""a""#) == .duplicateKey)
        #expect(Self.refusal(after: #"{"name": "x", "na"#, #"me": "y""#) == .duplicateKey)
        // In one token with the comma, and after a nested object closes.
        #expect(Self.refusal(after: #"{"a":{"b":1"#, #"}, "a""#) == .duplicateKey)
        // Another key, a key that only starts alike, the same key in a nested object: fine.
        #expect(Self.refusal(after: #"{"a":1,"#, #""b""#) == nil)
        #expect(Self.refusal(after: #"{"a":1,"#, #""ab""#) == nil)
        #expect(Self.refusal(after: #"{"a":{"#, #""a""#) == nil)
        // A value equal to a key is not a key.
        #expect(Self.refusal(after: #"{"a":"#, #""a""#) == nil)
        // Escapes: `\"` does not close the key.
        #expect(Self.refusal(after: ##"{"a\"":1,"a\""##, #"""#) == .duplicateKey)
        #expect(Self.refusal(after: ##"{"a":1,"a\""##, #"""#) == nil)
    }

    @Test func repeatedItemsCloseTheArray() {
        // Three items in a row that each repeat an earlier one: the array may only close.
        #expect(Self.refusal(after: "[1,1,1,1", ",") == .repeatedItem)
        #expect(Self.refusal(after: "[1,1,1,1", "]") == nil)
        #expect(Self.refusal(after: "[1,1,1", ",") == nil)
        #expect(Self.refusal(after: #"["red", "red", "red", "#, #""red","#) == .repeatedItem)
        // A cycle of distinct items comes back: refused at its third repeated item.
        #expect(Self.refusal(after: #"["a", "b", "c", "a", "b", "c""#, ",") == .repeatedItem)
        #expect(Self.refusal(after: #"["a", "b", "c", "a", "b""#, ",") == nil)
        // Whitespace outside strings does not make items differ; inside strings it does.
        #expect(Self.refusal(after: "[{\"a\": 1},\n {\"a\":1}, {\"a\" :1}, {\"a\":1 }", ",") == .repeatedItem)
        #expect(Self.refusal(after: #"["a", "a ", "a", " a", "a ""#, ",") == nil)
        // Items of a nested array count in that array only.
        #expect(Self.refusal(after: "[[1,1,1,1", ",") == .repeatedItem)
        #expect(Self.refusal(after: "[[1],[1],[1],[1]", ",") == .repeatedItem)
        #expect(Self.refusal(after: "[[1,1],[1,1],[1", ",") == nil)
    }

    @Test func repeatedObjectValuesCloseTheObject() {
        let value = #"{"type": "json", "encoding": "utf-8"}"#
        #expect(Self.refusal(after: #"{"a": \#(value), "b": \#(value), "c": \#(value), "d": \#(value)"#, ",") == .repeatedValue)
        #expect(Self.refusal(after: #"{"a": \#(value), "b": \#(value), "c": \#(value), "d": \#(value)"#, "}") == nil)
        #expect(Self.refusal(after: #"{"a": [1], "b": [1], "c": [1], "d": [2]"#, ",") == nil)
        // Scalar values repeat legitimately: never counted.
        #expect(Self.refusal(after: #"{"a": true, "b": true, "c": true, "d": true, "e": true"#, ",") == nil)
    }

    /// On SmolLM2's vocabulary, masked: no token that completes a duplicate key or continues a
    /// repeated array survives, while the grammar's other tokens do.
    @Test func maskRefusesLoopingTokens() throws {
        let tokenizer = try Tokenizer(GGUFFile.open(path: TestPaths.require(TestPaths.smolLM2).path))
        func allowed(_ prefix: String) throws -> [[UInt8]] {
            let c = try #require(try makeFormatConstraint(format: "json", tokenizer: tokenizer))
            for t in tokenizer.encode(prefix, addSpecial: false, parseSpecial: false) { try c.accept(t) }
            var logits = [Float](repeating: 0, count: tokenizer.vocabularySize)
            let n = logits.withUnsafeMutableBufferPointer { c.mask($0.baseAddress!, count: $0.count) }
            let kept = logits.indices.filter { logits[$0] != -.infinity }.map { tokenizer.pieceBytes(Int32($0)) }
            #expect(kept.count == n)
            return kept
        }
        let key = try allowed(#"{"color": "red", ""#)
        #expect(!key.contains { $0.starts(with: Array("color\"".utf8)) })
        #expect(key.contains { $0.starts(with: Array("col".utf8)) })
        #expect(key.contains(Array("name".utf8)))
        let items = try allowed(#"{"a": [7, 7, 7, 7"#)
        // No comma right after the fourth 7 (a token like `0,` writes 70, another item: fine).
        #expect(!items.contains { piece in piece.drop(while: { $0 == UInt8(ascii: " ") }).first == UInt8(ascii: ",") })
        #expect(items.contains(Array("]".utf8)))
        #expect(items.contains(Array("0".utf8)))  // 70 is another item
        #expect(!(try allowed(#"{"a": [7, 7, 7"#)).filter { $0.contains(UInt8(ascii: ",")) }.isEmpty)
        // minItems wins: the grammar requires a fifth item, so the refusal yields.
        let schema = try JSONParser().parse(#"{"type":"array","items":{"type":"integer"},"minItems":5}"#)
        let c = try #require(try makeFormatConstraint(format: schema, tokenizer: tokenizer))
        for t in tokenizer.encode("[7,7,7,7", addSpecial: false, parseSpecial: false) { try c.accept(t) }
        var logits = [Float](repeating: 0, count: tokenizer.vocabularySize)
        let n = logits.withUnsafeMutableBufferPointer { c.mask($0.baseAddress!, count: $0.count) }
        #expect(n > 0)
        #expect(logits[Int(try #require(tokenizer.token(forText: ",")))] == 0)
    }
}
