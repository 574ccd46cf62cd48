import Foundation
import Server
import Testing

private func roundTrip(_ text: String) throws -> String { try JSONValue.parse(text).serialized() }

private func parseError(_ text: String) -> String? {
    do {
        _ = try JSONValue.parse(text)
        return nil
    } catch {
        return (error as? JSONError)?.description
    }
}

@Suite struct JSONValueTests {
    @Test func roundTripsCompactGoStyle() throws {
        #expect(try roundTrip(#" { "a" : [1, 2.5, -0.125, true, false, null, "x"] , "b" : {} } "#)
            == #"{"a":[1,2.5,-0.125,true,false,null,"x"],"b":{}}"#)
        #expect(try roundTrip("[]") == "[]")
        #expect(try roundTrip("\"\"") == "\"\"")
    }

    @Test func objectKeyOrderIsPreserved() throws {
        let schema = #"{"type":"object","properties":{"zeta":{"type":"string"},"alpha":{"type":"integer"},"mid":{"type":"boolean"}},"required":["zeta"]}"#
        let value = try JSONValue.parse(schema)
        #expect(value["properties"]?.objectValue?.keys == ["zeta", "alpha", "mid"])
        #expect(value.serialized() == schema)
        // A repeated key keeps its first position and its last value, as Go's decoder does.
        #expect(try roundTrip(#"{"a":1,"b":2,"a":3}"#) == #"{"a":3,"b":2}"#)
    }

    @Test func numbersKeepIntegersExactAndFormatFloatsLikeGo() throws {
        #expect(try JSONValue.parse("9007199254740993") == .int(9_007_199_254_740_993))
        #expect(try roundTrip("9007199254740993") == "9007199254740993")
        #expect(try JSONValue.parse("1.0") == .number(1))
        let cases: [(String, String)] = [
            ("1.0", "1"), ("100e0", "100"), ("1e20", "100000000000000000000"), ("1e21", "1e+21"), ("1.5e300", "1.5e+300"),
            ("0.000001", "0.000001"), ("0.0000001", "1e-7"), ("-2.5e-8", "-2.5e-8"), ("0.1", "0.1"), ("123456789.125", "123456789.125"),
            ("-0.0", "-0"), ("18446744073709551616", "18446744073709552000"),
        ]
        for (input, expected) in cases { #expect(try roundTrip(input) == expected, "\(input)") }
    }

    @Test func stringsEscapeLikeGo() throws {
        let value = JSONValue.string("<a href=\"x\">&</a>\n\t\u{1}\u{8}\u{C}\\/é😀\u{2028}")
        #expect(value.serialized() == #""\u003ca href=\"x\"\u003e\u0026\u003c/a\u003e\n\t\u0001\b\f\\/é😀\u2028""#)
        #expect(value.serialized(escapeHTML: false) == #""<a href=\"x\">&</a>\n\t\u0001\b\f\\/é😀\u2028""#)
    }

    @Test func unicodeEscapesAndSurrogatePairsDecode() throws {
        #expect(try JSONValue.parse(#""\u00e9\ud83d\ude00\/\b""#) == .string("é😀/\u{8}"))
        // Unpaired surrogates become U+FFFD, as in Go.
        #expect(try JSONValue.parse(#""\ud800x""#) == .string("\u{FFFD}x"))
        #expect(try JSONValue.parse(#""\udc00""#) == .string("\u{FFFD}"))
        // Raw UTF-8 passes through.
        #expect(try JSONValue.parse("\"日本語\"") == .string("日本語"))
    }

    @Test func malformedInputGivesGoMessages() {
        #expect(parseError("") == "unexpected end of JSON input")
        #expect(parseError("{\"a\":1") == "unexpected end of JSON input")
        #expect(parseError("x") == "invalid character 'x' looking for beginning of value")
        #expect(parseError("[1,]") == "invalid character ']' looking for beginning of value")
        #expect(parseError("{\"a\" 1}") == "invalid character '1' after object key")
        #expect(parseError("{\"a\":1 \"b\":2}") == "invalid character '\"' after object key:value pair")
        #expect(parseError("{1:2}") == "invalid character '1' looking for beginning of object key string")
        #expect(parseError("[1 2]") == "invalid character '2' after array element")
        #expect(parseError("01") == "invalid character '1' after top-level value")
        #expect(parseError("1.") == "unexpected end of JSON input")
        #expect(parseError("1.x") == "invalid character 'x' after decimal point in numeric literal")
        #expect(parseError("-") == "unexpected end of JSON input")
        #expect(parseError("\"a\nb\"") == "invalid character '\\n' in string literal")
        #expect(parseError(#""\x""#) == "invalid character 'x' in string escape code")
        #expect(parseError(#""\u12g4""#) == "invalid character 'g' in \\u hexadecimal character escape")
        #expect(parseError("tru") == "unexpected end of JSON input")
        #expect(parseError("trUe") == "invalid character 'U' in literal true (expecting 'u')")
        #expect(parseError("NaN") == "invalid character 'N' looking for beginning of value")
        #expect(parseError("1e400") == "json: cannot unmarshal number 1e400 into Go value of type float64")
        #expect(parseError("{} {}") == "invalid character '{' after top-level value")
    }

    @Test func limitsRejectDeepAndLargeInput() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(parseError(deep) == "exceeded max depth")
        #expect(throws: JSONError.self) { try JSONParser(maxBytes: 4).parse("[1,2]") }
        #expect(try JSONParser(maxDepth: 2).parse("[[1]]") == [[1]])
        let error = #expect(throws: JSONError.self) { try JSONValue.parse("[1, x]") }
        #expect(error?.offset == 4)
    }

    @Test func codableBridgingKeepsOrderThroughOwnCoders() throws {
        struct Request: Codable, Equatable {
            var model: String
            var options: JSONValue?
            var format: JSONValue?
            var count: Int
        }
        let text = #"{"model":"m","options":{"temperature":0.5,"stop":["a"],"num_ctx":2048},"format":{"type":"object","properties":{"b":{},"a":{}}},"count":3}"#
        let request = try JSONValueDecoder().decode(Request.self, from: Data(text.utf8))
        #expect(request.options?.objectValue?.keys == ["temperature", "stop", "num_ctx"])
        #expect(request.count == 3)
        let encoded = try JSONValueEncoder().encode(request)
        #expect(encoded.serialized() == text)
        // Foundation's coders interoperate too (key order there is up to Foundation).
        let viaFoundation = try JSONDecoder().decode(Request.self, from: Data(text.utf8))
        #expect(viaFoundation == request)
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Request.self, from: Data(#"{"model":"m","count":1.5}"#.utf8)) }
    }
}
