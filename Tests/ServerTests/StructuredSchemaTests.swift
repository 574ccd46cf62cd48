import Foundation
import Testing
import TestSupport

import Engine
import Server

/// The JSON-schema compiler: which documents each compiled schema accepts and rejects, and
/// the errors for formats and keywords it cannot enforce.
@Suite struct StructuredSchemaTests {
    static let tokenizer: Tokenizer? = try? Tokenizer(GGUFFile.open(path: TestPaths.smolLM2.path))

    /// A fresh constraint for `format` over SmolLM2's vocabulary.
    static func constraint(_ format: JSONValue) throws -> GrammarConstraint {
        _ = try TestPaths.require(TestPaths.smolLM2)
        let c = try makeFormatConstraint(format: format, tokenizer: try #require(tokenizer))
        return try #require((c as? JSONRepetitionGuard)?.inner)
    }

    static func schema(_ text: String) throws -> JSONValue { try JSONParser().parse(text) }

    /// Expects each document accepted as complete, each rejected one refused somewhere.
    static func check(_ schemaText: String, accepts: [String], rejects: [String],
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let format = try schema(schemaText)
        for doc in accepts {
            let c = try constraint(format)
            #expect(c.advance(Array(doc.utf8)) && c.canEnd, "should accept \(doc)", sourceLocation: sourceLocation)
        }
        for doc in rejects {
            let c = try constraint(format)
            #expect(!(c.advance(Array(doc.utf8)) && c.canEnd), "should reject \(doc)", sourceLocation: sourceLocation)
        }
    }

    static let person = #"{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},"job":{"type":"string"}},"required":["name","age","job"]}"#

    @Test func docsExampleObject() throws {
        try Self.check(Self.person, accepts: [
            #"{"name":"Ada","age":36,"job":"engineer"}"#,
            "{\n  \"name\": \"Ada \\\"L\\\" \\u00e9\",\n  \"age\": -1,\n  \"job\": \"\"\n}",
            #"{ "name": "Zoë", "age": 0, "job": "x" }"#,
        ], rejects: [
            #"{"name":"Ada","age":36}"#,
            #"{"name":"Ada","age":3.5,"job":"x"}"#,
            #"{"name":"Ada","age":36,"job":"x","extra":1}"#,
            #"{"age":36,"name":"Ada","job":"x"}"#,
            #"{"name":"Ada","age":036,"job":"x"}"#,
            "{\"name\":\"a\nb\",\"age\":1,\"job\":\"x\"}",
            #"{"name":"Ada","age":36,"job":"x"} "#,
            #"{  "name":"Ada","age":36,"job":"x"}"#,
            "{\n" + String(repeating: " ", count: 17) + #""name":"Ada","age":36,"job":"x"}"#,
        ])
    }

    @Test func optionalPropertiesKeepOrder() throws {
        let s = #"{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"boolean"},"c":{"type":"null"},"d":{"type":"string"}},"required":["a","d"]}"#
        try Self.check(s, accepts: [
            #"{"a":1,"d":""}"#, #"{"a":1,"b":true,"d":""}"#, #"{"a":1,"c":null,"d":""}"#, #"{"a":1,"b":false,"c":null,"d":"x"}"#,
        ], rejects: [#"{"d":"","a":1}"#, #"{"a":1}"#, #"{"b":true,"a":1,"d":""}"#, #"{"a":1,,"d":""}"#, #"{,"a":1,"d":""}"#])
        let none = #"{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}}}"#
        try Self.check(none, accepts: ["{}", #"{"b":2}"#, #"{"a":1, "b":2}"#, "{ }"],
                       rejects: [#"{"b":2,"a":1}"#, #"{,}"#, #"{"a":1,}"#])
    }

    @Test func mapsArraysAndBounds() throws {
        try Self.check(#"{"type":"object","additionalProperties":{"type":"integer"}}"#,
                       accepts: ["{}", #"{"x":1,"y":-2}"#], rejects: [#"{"x":"1"}"#])
        try Self.check(#"{"type":"object","additionalProperties":false}"#, accepts: ["{}"], rejects: [#"{"a":1}"#])
        try Self.check(#"{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":3}"#,
                       accepts: [#"["a"]"#, #"["a", "b","c"]"#, "[\n\"a\"\n]"],
                       rejects: ["[]", #"["a","b","c","d"]"#, "[1]", #"["a",]"#])
        try Self.check(#"{"type":"array"}"#, accepts: ["[]", #"[1,"a",{"b":[null]},true]"#], rejects: ["[", "[1,]"])
        try Self.check(#"{"type":"integer","minimum":1,"maximum":12}"#,
                       accepts: ["1", "9", "10", "12"], rejects: ["0", "13", "01", "-1", "1.0"])
        try Self.check(#"{"type":"integer","exclusiveMinimum":-3,"exclusiveMaximum":3}"#,
                       accepts: ["-2", "0", "2"], rejects: ["-3", "3"])
        try Self.check(#"{"type":"integer","minimum":0}"#, accepts: ["0", "7", "1234"], rejects: ["-1", "00"])
        try Self.check(#"{"type":"number","minimum":0}"#, accepts: ["0.5", "3e2", "0"], rejects: ["-0.5"])
        try Self.check(#"{"type":"number"}"#, accepts: ["-0.25", "1E+10", "12"], rejects: ["1.", ".5", "+1", "1e"])
        try Self.check(#"{"type":"string","minLength":2,"maxLength":3}"#,
                       accepts: [#""ab""#, #""éèê""#, #""a\nb""#], rejects: [#""a""#, #""abcd""#])
    }

    @Test func enumsConstsUnionsAndReferences() throws {
        try Self.check(#"{"enum":["red","green",1,null,{"a":[1]}]}"#,
                       accepts: [#""red""#, #""green""#, "1", "null", #"{"a":[1]}"#], rejects: [#""blue""#, "2", #""gree""#])
        try Self.check(#"{"const":"x\"y"}"#, accepts: [#""x\"y""#], rejects: [#""xy""#])
        try Self.check(#"{"type":["string","null"]}"#, accepts: [#""s""#, "null"], rejects: ["1"])
        try Self.check(#"{"anyOf":[{"type":"integer"},{"type":"object","properties":{"k":{"const":true}},"required":["k"]}]}"#,
                       accepts: ["5", #"{"k":true}"#], rejects: [#"{"k":false}"#, "true"])
        let tree = ##"{"$ref":"#/$defs/node","$defs":{"node":{"type":"object","properties":{"v":{"type":"integer"},"kids":{"type":"array","items":{"$ref":"#/$defs/node"}}},"required":["v","kids"]}}}"##
        try Self.check(tree, accepts: [#"{"v":1,"kids":[]}"#, #"{"v":1,"kids":[{"v":2,"kids":[{"v":3,"kids":[]}]},{"v":4,"kids":[]}]}"#],
                       rejects: [#"{"v":1,"kids":[{"v":2}]}"#])
        try Self.check(##"{"type":"object","properties":{"p":{"allOf":[{"$ref":"#/definitions/P"}],"description":"d"}},"required":["p"],"definitions":{"P":{"type":"boolean"}}}"##,
                       accepts: [#"{"p":true}"#], rejects: [#"{"p":1}"#])
    }

    @Test func patternsAndFormats() throws {
        try Self.check(#"{"type":"string","pattern":"^[A-Z]{2}-\\d{3}$"}"#, accepts: [#""AB-123""#], rejects: [#""ab-123""#, #""AB-1234""#])
        try Self.check(#"{"type":"string","pattern":"abc"}"#, accepts: [#""abc""#, #""xxabcyy""#], rejects: [#""ab""#])
        try Self.check(#"{"type":"string","pattern":"^(yes|no)\"?(?:!+)?$"}"#,
                       accepts: [#""yes""#, #""no\"!!""#], rejects: [#""no"!""#, #""maybe""#])
        try Self.check(#"{"type":"string","pattern":"^[^a-z]+.$"}"#, accepts: [#""ABé""#, #""1\\x""#], rejects: [#""aX""#])
        try Self.check(#"{"type":"string","format":"date"}"#, accepts: [#""2024-02-29""#], rejects: [#""2024-13-01""#, #""24-01-01""#])
        try Self.check(#"{"type":"string","format":"uuid"}"#, accepts: [#""123e4567-e89b-12d3-a456-426614174000""#],
                       rejects: [#""123e4567e89b12d3a456426614174000""#])
        try Self.check(#"{"type":"string","format":"date-time"}"#, accepts: [#""2024-01-02T03:04:05Z""#, #""2024-01-02T03:04:05.123+01:00""#],
                       rejects: [#""2024-01-02 03:04:05Z""#])
    }

    @Test func jsonModeIsAnyObjectThenStops() throws {
        let c = try Self.constraint("json")
        #expect(!c.allows(Array("[1]".utf8)))
        #expect(!c.allows(Array("\"s\"".utf8)))
        #expect(c.advance(Array(#"{"a": [1, {"b": null}, "x\ty"], "c": {"d": -1.5e3}}"#.replacingOccurrences(of: "\t", with: "\\t").utf8)))
        #expect(c.isComplete)
        #expect(!c.allows(Array(" ".utf8)))
    }

    // MARK: - Errors

    static func error(_ format: JSONValue) throws -> String {
        do {
            _ = try FormatAutomata.shared.automaton(for: format)
            return "no error"
        } catch let e as JSONSchemaError {
            #expect(e.status.code == 400)
            return e.message
        }
    }

    @Test func formatValues() throws {
        #expect(try FormatAutomata.shared.automaton(for: nil) == nil)
        #expect(try FormatAutomata.shared.automaton(for: .null) == nil)
        #expect(try FormatAutomata.shared.automaton(for: "") == nil)
        #expect(try FormatAutomata.shared.automaton(for: "json") != nil)
        #expect(try Self.error("yaml") == #"invalid format: "\"yaml\""; expected "json" or a valid JSON Schema object"#)
        #expect(try Self.error(5) == #"invalid format: "5"; expected "json" or a valid JSON Schema object"#)
        #expect(try Self.error([1]) == #"invalid format: "[1]"; expected "json" or a valid JSON Schema object"#)
    }

    @Test func unsupportedKeywordsAreNamed() throws {
        #expect(try Self.error(Self.schema(#"{"type":"array","uniqueItems":true}"#))
                == #"unsupported JSON schema keyword "uniqueItems" at #"#)
        #expect(try Self.error(Self.schema(#"{"type":"object","properties":{"age":{"type":"integer","minimum":18}}}"#))
                .hasPrefix(#"unsupported JSON schema keyword "minimum" at #/properties/age: "#))
        #expect(try Self.error(Self.schema(#"{"not":{"type":"string"}}"#)) == #"unsupported JSON schema keyword "not" at #"#)
        #expect(try Self.error(Self.schema(#"{"type":"object","patternProperties":{"^x":{}}}"#)).contains(#""patternProperties""#))
        #expect(try Self.error(Self.schema(#"{"type":"string","pattern":"^(a)\\1$"}"#)).contains("the escape \\1"))
        #expect(try Self.error(Self.schema(#"{"type":"string","pattern":"(?=a)"}"#)).contains("lookaround"))
        #expect(try Self.error(Self.schema(#"{"type":"string","format":"email"}"#)).contains(#""format" at #: "email""#))
        #expect(try Self.error(Self.schema(#"{"allOf":[{"type":"string"},{"minLength":1}]}"#)).contains(#""allOf""#))
        #expect(try Self.error(Self.schema(##"{"$ref":"#/$defs/x","type":"string"}"##)).contains("cannot be combined with $ref"))
    }

    @Test func invalidSchemas() throws {
        #expect(try Self.error(Self.schema(##"{"$ref":"#/$defs/missing"}"##)).contains("cannot resolve $ref"))
        #expect(try Self.error(Self.schema(##"{"$ref":"#/$defs/a","$defs":{"a":{"anyOf":[{"$ref":"#/$defs/a"},{"type":"null"}]}}}"##))
                .contains("refers to itself without consuming input"))
        #expect(try Self.error(Self.schema(#"{"type":"strin"}"#)).contains("unknown type"))
        #expect(try Self.error(Self.schema(#"{"enum":[]}"#)).contains("enum is empty"))
        #expect(try Self.error(Self.schema(#"{"type":"object","properties":{"a":false},"required":["a"]}"#)).contains("false"))
        #expect(try Self.error(Self.schema(#"{"type":"integer","minimum":5,"maximum":1}"#)).contains("empty"))
    }
}
