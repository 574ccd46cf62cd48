import Foundation
import Testing
import TestSupport

import Engine
import Server

/// Budget-aware closing on SmolLM2's vocabulary: a constrained document is complete when the
/// token budget ends (output cut off at `num_predict` would be invalid JSON), required
/// properties included, and a far budget changes nothing.
@Suite struct StructuredBudgetTests {
    static let tokenizer: Tokenizer? = try? Tokenizer(GGUFFile.open(path: TestPaths.smolLM2.path))

    /// A constraint for `format` after `prefix`.
    static func constraint(_ format: JSONValue, after prefix: String, _ tokenizer: Tokenizer) throws -> any TokenConstraint {
        let c = try #require(try makeFormatConstraint(format: format, tokenizer: tokenizer))
        for t in tokenizer.encode(prefix, addSpecial: false, parseSpecial: false) { try c.accept(t) }
        return c
    }

    /// The completion distance of the grammar under `c`.
    static func distance(_ c: any TokenConstraint) throws -> Int {
        try #require((c as? JSONRepetitionGuard)?.inner).completionDistance
    }

    /// Samples uniformly among the allowed tokens (seeded) with a budget of `budget` tokens,
    /// as the generator does; returns the text and whether generation ended on its own.
    static func run(_ c: any TokenConstraint, budget: Int, seed: UInt64, _ tokenizer: Tokenizer) -> (text: String, ended: Bool) {
        var rng = seed
        var bytes: [UInt8] = []
        var logits = [Float](repeating: 0, count: tokenizer.vocabularySize)
        for used in 0..<budget {
            c.setBudget(remaining: budget - used)
            for i in logits.indices { logits[i] = 0 }
            let n = logits.withUnsafeMutableBufferPointer { c.mask($0.baseAddress!, count: $0.count) }
            if n == 0 { return (String(decoding: bytes, as: UTF8.self), false) }
            let allowed = logits.indices.filter { logits[$0] == 0 }
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            let token = Int32(allowed[Int((rng >> 33) % UInt64(allowed.count))])
            if tokenizer.isEndOfGeneration(token) { return (String(decoding: bytes, as: UTF8.self), true) }
            do { try c.accept(token) } catch { return (String(decoding: bytes, as: UTF8.self), false) }
            bytes += tokenizer.pieceBytes(token)
            if c.isComplete { return (String(decoding: bytes, as: UTF8.self), true) }
        }
        return (String(decoding: bytes, as: UTF8.self), false)
    }

    @Test func deepDocumentClosesWithinTheBudget() throws {
        let tokenizer = try #require(Self.tokenizer)
        let prefix = #"{"a": [{"b": {"c": ["x", {"d": "some text"#
        let needed = try Self.distance(try Self.constraint("json", after: prefix, tokenizer))
        #expect(needed == #""}]}}]}"#.count)
        for extra in [1, 2, 10, 40] {
            for seed: UInt64 in [1, 2, 3] {
                let c = try Self.constraint("json", after: prefix, tokenizer)
                let out = Self.run(c, budget: needed + extra, seed: seed, tokenizer)
                #expect(out.ended, "budget \(needed + extra), seed \(seed): \(out.text)")
                #expect((try? JSONParser().parse(prefix + out.text)) != nil, "not JSON: \(prefix + out.text)")
            }
        }
    }

    @Test func requiredPropertiesAreStillEmitted() throws {
        let tokenizer = try #require(Self.tokenizer)
        let schema = try JSONParser().parse("""
            {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"},
             "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1}},
             "required": ["name", "age", "tags"]}
            """)
        let prefix = #"{"name": "Bob the"#
        let needed = try Self.distance(try Self.constraint(schema, after: prefix, tokenizer))
        #expect(needed == #"","age":0,"tags":[""]}"#.count)
        for extra in [1, 3, 20] {
            for seed: UInt64 in [1, 2, 3] {
                let c = try Self.constraint(schema, after: prefix, tokenizer)
                let out = Self.run(c, budget: needed + extra, seed: seed, tokenizer)
                #expect(out.ended, "budget \(needed + extra), seed \(seed): \(out.text)")
                let value = try JSONParser().parse(prefix + out.text)
                #expect(SchemaValidator(document: schema).violation(value) == nil, "\(prefix + out.text)")
            }
        }
    }

    @Test func farBudgetChangesNothing() throws {
        let tokenizer = try #require(Self.tokenizer)
        for prefix in [#"{"#, #"{"a": [1, {"b": "te"#, #"{"a": 12"#] {
            func mask(budget: Int?) throws -> [Float] {
                let c = try Self.constraint("json", after: prefix, tokenizer)
                if let budget { c.setBudget(remaining: budget) }
                var logits = [Float](repeating: 0, count: tokenizer.vocabularySize)
                _ = logits.withUnsafeMutableBufferPointer { c.mask($0.baseAddress!, count: $0.count) }
                return logits
            }
            let free = try mask(budget: nil)
            #expect(try mask(budget: 400) == free)
            // Close to the end the budget does filter: fewer tokens, end first where possible.
            let close = try mask(budget: 3)
            #expect(close.filter { $0 == 0 }.count < free.filter { $0 == 0 }.count)
        }
    }

    @Test func completeDocumentEndsAtOnceWhenTheBudgetIsClose() throws {
        let tokenizer = try #require(Self.tokenizer)
        // An integer may end or take more digits: near the budget, only the end is allowed.
        let c = try Self.constraint(try JSONParser().parse(#"{"type": "integer"}"#), after: "12", tokenizer)
        c.setBudget(remaining: 5)
        var logits = [Float](repeating: 0, count: tokenizer.vocabularySize)
        let n = logits.withUnsafeMutableBufferPointer { c.mask($0.baseAddress!, count: $0.count) }
        #expect(n > 0)
        #expect(logits.indices.filter { logits[$0] == 0 }.allSatisfy { tokenizer.isEndOfGeneration(Int32($0)) })
    }
}
