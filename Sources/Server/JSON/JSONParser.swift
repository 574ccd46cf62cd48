import Foundation

/// A strict RFC 8259 parser producing `JSONValue`s with object key order preserved.
///
/// Grammar checks match Go's scanner (no trailing commas, no comments, no leading zeros, no
/// `NaN`), and so do its two leniencies: invalid UTF-8 and unpaired surrogate escapes become
/// U+FFFD. Nesting is limited by `maxDepth` and input size by `maxBytes`, so hostile input
/// cannot exhaust the stack or memory.
public struct JSONParser: Sendable {
    /// The deepest array/object nesting accepted (Go allows 10000).
    public var maxDepth: Int
    /// The largest input accepted, in bytes.
    public var maxBytes: Int

    public init(maxDepth: Int = 512, maxBytes: Int = 256 << 20) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }

    /// Parses one JSON document; only whitespace may follow it.
    /// - Throws: `JSONError` with the byte offset of the problem.
    public func parse(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        guard bytes.count <= maxBytes else { throw JSONError(.tooLarge(limit: maxBytes), offset: maxBytes) }
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { buffer in
            var cursor = JSONCursor(bytes: buffer, maxDepth: maxDepth)
            return try cursor.document()
        }
    }

    /// Parses one JSON document from a string.
    public func parse(_ text: String) throws -> JSONValue {
        try parse(Array(text.utf8))
    }
}

extension JSONValue {
    /// Parses a JSON document with the default limits.
    public static func parse(_ text: String) throws -> JSONValue { try JSONParser().parse(text) }
    /// Parses a JSON document with the default limits.
    public static func parse(_ data: Data) throws -> JSONValue { try JSONParser().parse(data) }
}

/// The byte cursor doing the parsing work.
private struct JSONCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var pos = 0
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func document() throws -> JSONValue {
        skipSpace()
        let value = try parseValue()
        skipSpace()
        if pos < bytes.count { throw invalid("after top-level value") }
        return value
    }

    // MARK: - Helpers

    func invalid(_ context: String) -> JSONError {
        pos < bytes.count ? JSONError(.invalidCharacter(bytes[pos], context: context), offset: pos)
            : JSONError(.unexpectedEnd, offset: pos)
    }

    mutating func skipSpace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    // MARK: - Values

    mutating func parseValue() throws -> JSONValue {
        guard pos < bytes.count else { throw JSONError(.unexpectedEnd, offset: pos) }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw invalid("looking for beginning of value")
        }
    }

    mutating func literal(_ word: StaticString) throws {
        let name = "\(word)"
        for (i, expected) in name.utf8.enumerated() {
            guard pos < bytes.count else { throw JSONError(.unexpectedEnd, offset: pos) }
            if bytes[pos] != expected {
                throw invalid("in literal \(name) (expecting \(JSONError.quoteChar(expected)))")
            }
            _ = i
            pos += 1
        }
    }

    mutating func enter() throws {
        depth += 1
        if depth > maxDepth { throw JSONError(.tooDeep(limit: maxDepth), offset: pos) }
    }

    mutating func parseObject() throws -> JSONValue {
        try enter()
        pos += 1  // {
        var object = JSONObject()
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipSpace()
            guard pos < bytes.count else { throw JSONError(.unexpectedEnd, offset: pos) }
            guard bytes[pos] == UInt8(ascii: "\"") else { throw invalid("looking for beginning of object key string") }
            let key = try parseString()
            skipSpace()
            guard pos < bytes.count else { throw JSONError(.unexpectedEnd, offset: pos) }
            guard bytes[pos] == UInt8(ascii: ":") else { throw invalid("after object key") }
            pos += 1
            skipSpace()
            object[key] = try parseValue()
            skipSpace()
            guard pos < bytes.count else { throw JSONError(.unexpectedEnd, offset: pos) }
            switch bytes[pos] {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "}"):
                pos += 1
                depth -= 1
                return .object(object)
            default: throw invalid("after object key:value pair")
            }
        }
    }

    mutating func parseArray() throws -> JSONValue {
        try enter()
        pos += 1  // [
        var elements: [JSONValue] = []
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipSpace()
            elements.append(try parseValue())
            skipSpace()
            guard pos < bytes.count else { throw JSONError(.unexpectedEnd, offset: pos) }
            switch bytes[pos] {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "]"):
                pos += 1
                depth -= 1
                return .array(elements)
            default: throw invalid("after array element")
            }
        }
    }

    // MARK: - Numbers

    mutating func parseNumber() throws -> JSONValue {
        let start = pos
        var isInteger = true
        if bytes[pos] == UInt8(ascii: "-") {
            pos += 1
            guard pos < bytes.count else { throw JSONError(.unexpectedEnd, offset: pos) }
            guard isDigit(bytes[pos]) else { throw invalid("in numeric literal") }
        }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
        } else {
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            guard pos < bytes.count else { throw JSONError(.unexpectedEnd, offset: pos) }
            guard isDigit(bytes[pos]) else { throw invalid("after decimal point in numeric literal") }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            isInteger = false
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < bytes.count else { throw JSONError(.unexpectedEnd, offset: pos) }
            guard isDigit(bytes[pos]) else { throw invalid("in exponent of numeric literal") }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
        if isInteger, let exact = Int64(text) { return .int(exact) }
        guard let value = Double(text), value.isFinite else {
            throw JSONError(.numberOutOfRange(text), offset: start)
        }
        return .number(value)
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    // MARK: - Strings

    mutating func parseString() throws -> String {
        pos += 1  // opening quote
        // Fast path: no escapes, all ASCII or valid UTF-8.
        let start = pos
        while pos < bytes.count {
            let byte = bytes[pos]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<pos])
                pos += 1
                return String(decoding: slice, as: UTF8.self)  // invalid UTF-8 becomes U+FFFD, as in Go
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw invalid("in string literal") }
            pos += 1
        }
        var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<pos]))
        while pos < bytes.count {
            let byte = bytes[pos]
            switch byte {
            case UInt8(ascii: "\""):
                pos += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                pos += 1
                guard pos < bytes.count else { throw JSONError(.unexpectedEnd, offset: pos) }
                let escape = bytes[pos]
                pos += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): appendScalar(try unicodeEscape(), to: &out)
                default:
                    pos -= 1
                    throw invalid("in string escape code")
                }
            default:
                if byte < 0x20 { throw invalid("in string literal") }
                out.append(byte)
                pos += 1
            }
        }
        throw JSONError(.unexpectedEnd, offset: pos)
    }

    /// Reads the 4 hex digits after `\u` (and a following low surrogate escape if needed).
    mutating func unicodeEscape() throws -> Unicode.Scalar {
        let first = try hex4()
        if (0xD800..<0xDC00).contains(first) {
            // A high surrogate must be followed by `\uDC00`-`\uDFFF`; otherwise U+FFFD, like Go.
            if pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") {
                let save = pos
                pos += 2
                let second = try hex4()
                if (0xDC00..<0xE000).contains(second) {
                    let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    return Unicode.Scalar(value) ?? "\u{FFFD}"
                }
                pos = save
            }
            return "\u{FFFD}"
        }
        return Unicode.Scalar(first) ?? "\u{FFFD}"  // lone low surrogate
    }

    mutating func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard pos < bytes.count else { throw JSONError(.unexpectedEnd, offset: pos) }
            let byte = bytes[pos]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - 0x41 + 10)
            default: throw invalid("in \\u hexadecimal character escape")
            }
            value = value << 4 | digit
            pos += 1
        }
        return value
    }

    func appendScalar(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        out.append(contentsOf: String(Character(scalar)).utf8)
    }
}
