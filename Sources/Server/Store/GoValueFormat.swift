/// Go's `fmt` verbs `%v` and `%#v` for the JSON values of a params layer (numbers decoded as
/// `float64`, strings, booleans), as ollama prints parameters in `show`.
enum GoValueFormat {
    /// `%v`: numbers in shortest `%g` form (`0.7`, `4096`, `1e-05`), strings bare.
    static func plain(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .number(let d): return float(d)
        case .bool(let b): return String(b)
        case .null: return "<nil>"
        case .array(let items): return "[" + items.map(plain).joined(separator: " ") + "]"
        case .object: return "map[]"
        }
    }

    /// `%#v`: like `%v` but strings are Go-quoted (`"<|im_end|>"`).
    static func goSyntax(_ value: JSONValue) -> String {
        if case .string(let s) = value { return GoQuote.quote(s) }
        return plain(value)
    }

    /// A float64 as `%g` with the shortest precision.
    static func float(_ d: Double) -> String {
        guard d.isFinite else { return d.isNaN ? "NaN" : (d > 0 ? "+Inf" : "-Inf") }
        return GoFloatFormat(d).general
    }

    /// The elements of a parameter value: each element of an array, or the value itself.
    static func elements(_ value: JSONValue) -> [JSONValue] {
        if case .array(let items) = value { return items }
        return [value]
    }
}
