/// Writes JSON byte-for-byte as Go's `encoding/json` `Marshal` does for the store's structs:
/// no spaces, fields in declaration order, `/` unescaped, `<`, `>`, `&`, U+2028 and U+2029
/// escaped as `\u003c`…, other control characters as `\n`, `\t`… or `\u00XX`.
struct GoJSON {
    private(set) var text = ""

    /// Appends a JSON string literal.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out += "\\u" + hex4(scalar.value)
            default:
                if scalar.value < 0x20 { out += "\\u" + hex4(scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    private static func hex4(_ v: UInt32) -> String {
        let h = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }

    /// `{"k":v,…}` from already-encoded values, in the given order.
    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { quoted($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// `[v,…]` from already-encoded values.
    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    /// A string array, or `null` for nil (Go's nil slice).
    static func stringArray(_ items: [String]?) -> String {
        guard let items else { return "null" }
        return array(items.map(quoted))
    }
}
