import Foundation

/// Writes `JSONValue`s the way Go's `encoding/json.Marshal` does.
///
/// - No whitespace; object members in stored order.
/// - Strings: `"` and `\` escaped; `\n \r \t \b \f` short forms; other control bytes as
///   `\u00XX` (lowercase hex); U+2028/U+2029 as `\u2028`/`\u2029`; and, when `escapeHTML`
///   (Go's default), `<`, `>`, `&` as `\u003c`, `\u003e`, `\u0026`.
/// - Floats: shortest round-trip digits, fixed notation unless |x| < 1e-6 or ≥ 1e21
///   (`1e-7`, `1e+21`); integers without `.0`.
public struct JSONSerializer: Sendable {
    /// Escape `<`, `>` and `&` (Go's default for `json.Marshal`).
    public var escapeHTML: Bool

    public init(escapeHTML: Bool = true) {
        self.escapeHTML = escapeHTML
    }

    /// The serialized bytes of `value`.
    public func bytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        write(value, to: &out)
        return out
    }

    /// The serialized text of `value`.
    public func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// Appends the serialization of `value` to `out`.
    public func write(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .number(let d): out.append(contentsOf: JSONSerializer.formatNumber(d).utf8)
        case .string(let s): writeString(s, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in object {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(member, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Go's float encoding; a non-finite value (which `json.Marshal` refuses) is written as `null`.
    public static func formatNumber(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        return GoFloatFormat.json(value)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `s` as a quoted, escaped JSON string.
    public func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var utf8 = Array(s.utf8)
        utf8.withUnsafeMutableBufferPointer { bytes in
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
                case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                    if escapeHTML { appendUnicodeEscape(UInt16(byte), to: &out) } else { out.append(byte) }
                case 0x00..<0x20: appendUnicodeEscape(UInt16(byte), to: &out)
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    appendUnicodeEscape(bytes[i + 2] == 0xA8 ? 0x2028 : 0x2029, to: &out)
                    i += 2
                default: out.append(byte)
                }
                i += 1
            }
        }
        utf8.removeAll()
        out.append(UInt8(ascii: "\""))
    }

    private func appendUnicodeEscape(_ unit: UInt16, to out: inout [UInt8]) {
        out.append(contentsOf: [0x5C, UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(JSONSerializer.hexDigits[Int((unit >> UInt16(shift)) & 0xF)])
        }
    }
}

extension JSONValue {
    /// This value as compact JSON text, Go-style (see `JSONSerializer`).
    public func serialized(escapeHTML: Bool = true) -> String {
        JSONSerializer(escapeHTML: escapeHTML).string(self)
    }

    /// This value as compact JSON bytes, Go-style.
    public func serializedData(escapeHTML: Bool = true) -> Data {
        Data(JSONSerializer(escapeHTML: escapeHTML).bytes(self))
    }
}
