/// Go semantics of template values: truth, `fmt` printing and `encoding/json` marshalling.
extension TemplateValue {
    /// `text/template`'s truth: false, 0, nil, and empty strings/slices/maps are false;
    /// structs are always true.
    package var isTruthy: Bool {
        switch self {
        case .missing: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .map(let m): return m.count > 0
        case .record: return true
        }
    }

    /// What an action `{{ x }}` writes: nil prints `<no value>`, everything else as `fmt.Print`.
    package var actionText: String {
        if case .missing = self { return "<no value>" }
        return goString
    }

    /// `fmt.Sprint(x)` (the `%v` verb).
    package var goString: String {
        switch self {
        case .missing: return "<nil>"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d): return TemplateValue.formatFloat(d)
        case .string(let s): return s
        case .list(let l):
            switch l.style {
            case .json: return jsonText
            case .propertyType where l.items.count == 1: return l.items[0].goString
            case .propertyType where l.items.isEmpty: return ""
            default: return "[" + l.items.map(\.goString).joined(separator: " ") + "]"
            }
        case .map(let m):
            if m.printsAsJSON { return m.isNil ? "{}" : jsonText }
            let pairs = m.orderedKeys.map { "\($0):\(m[$0]?.goString ?? "<nil>")" }
            return "map[" + pairs.joined(separator: " ") + "]"
        case .record(let r):
            let body = r.fieldNames.map { (r[$0] ?? .missing).goString }.joined(separator: " ")
            return (r.isPointer ? "&{" : "{") + body + "}"
        }
    }

    /// `%v` of a float64: shortest digits, exponent form below 1e-4 or from 1e21 (Go's `%g`).
    static func formatFloat(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "+Inf" : "-Inf" }
        return GoFloatFormat(d).general
    }

    /// `json.Marshal(x)` as text; values Go cannot marshal (NaN, ±Inf) give "" as ollama's `json`
    /// helper ignores the error.
    package var jsonText: String {
        guard let value = jsonValue else { return "" }
        return value.serialized()
    }

    /// The JSON tree `json.Marshal` would produce, nil when it would fail.
    package var jsonValue: JSONValue? {
        switch self {
        case .missing: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int64(i))
        case .float(let d): return d.isFinite ? .number(d) : nil
        case .string(let s): return .string(s)
        case .list(let l):
            if l.isNil { return .null }
            if l.style == .propertyType, l.items.count == 1 { return l.items[0].jsonValue }
            var elements: [JSONValue] = []
            for item in l.items {
                guard let element = item.jsonValue else { return nil }
                elements.append(element)
            }
            return .array(elements)
        case .map(let m):
            if m.isNil { return .null }
            var object = JSONObject()
            for key in m.orderedKeys {
                guard let element = (m[key] ?? .missing).jsonValue else { return nil }
                object[key] = element
            }
            return .object(object)
        case .record(let r):
            var object = JSONObject()
            let fields = r.jsonFields ?? r.fieldNames.map { TemplateRecord.JSONField($0, field: $0) }
            for field in fields {
                let value = r[field.field] ?? .missing
                if field.omitEmpty && value.isEmptyForJSON { continue }
                guard let element = value.jsonValue else { return nil }
                object[field.key] = element
            }
            return .object(object)
        }
    }

    /// `omitempty`'s notion of empty.
    var isEmptyForJSON: Bool {
        switch self {
        case .record: return false
        default: return !isTruthy
        }
    }

    /// Go type name used in error messages.
    package var goTypeName: String {
        switch self {
        case .missing: return "interface {}"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float64"
        case .string: return "string"
        case .list: return "[]interface {}"
        case .map: return "map[string]interface {}"
        case .record(let r): return r.typeName
        }
    }
}

extension TemplateList.Style: Equatable {}
