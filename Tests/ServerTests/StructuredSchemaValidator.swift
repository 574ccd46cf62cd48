import Foundation

import Server

/// A JSON-schema validator for the tests: checks a parsed value against the keywords the
/// grammar enforces, independently of the grammar code. Returns the first violation.
struct SchemaValidator {
    let document: JSONValue

    /// nil when `value` is valid, else a description of the first violation.
    func violation(_ value: JSONValue) -> String? {
        check(value, against: document, at: "$")
    }

    func check(_ value: JSONValue, against schema: JSONValue, at path: String) -> String? {
        switch schema {
        case .bool(let b): return b ? nil : "\(path): schema false"
        case .object(let s): return check(value, s, at: path)
        default: return "\(path): bad schema"
        }
    }

    private func check(_ value: JSONValue, _ s: JSONObject, at path: String) -> String? {
        if let ref = s["$ref"]?.stringValue {
            guard let target = resolve(ref) else { return "\(path): unresolved \(ref)" }
            if let v = check(value, against: target, at: path) { return v }
        }
        if let list = s["anyOf"]?.arrayValue, !list.contains(where: { check(value, against: $0, at: path) == nil }) {
            return "\(path): matches no anyOf alternative"
        }
        if let list = s["oneOf"]?.arrayValue, list.filter({ check(value, against: $0, at: path) == nil }).count != 1 {
            return "\(path): does not match exactly one oneOf alternative"
        }
        for sub in s["allOf"]?.arrayValue ?? [] {
            if let v = check(value, against: sub, at: path) { return v }
        }
        if let c = s["const"], c != value { return "\(path): \(value.serialized()) is not the const" }
        if let e = s["enum"]?.arrayValue, !e.contains(value) { return "\(path): \(value.serialized()) not in enum" }
        if let type = s["type"] {
            let types = type.stringValue.map { [$0] } ?? type.arrayValue?.compactMap(\.stringValue) ?? []
            if !types.contains(where: { Self.hasType(value, $0) }) { return "\(path): \(value.serialized()) is not \(types)" }
        }
        switch value {
        case .object(let o): return checkObject(o, s, at: path)
        case .array(let a):
            if let m = s["minItems"]?.intValue, a.count < m { return "\(path): fewer than \(m) items" }
            if let m = s["maxItems"]?.intValue, a.count > m { return "\(path): more than \(m) items" }
            if let items = s["items"] {
                for (i, item) in a.enumerated() {
                    if let v = check(item, against: items, at: "\(path)[\(i)]") { return v }
                }
            }
        case .string(let str):
            let length = str.unicodeScalars.count
            if let m = s["minLength"]?.intValue, length < m { return "\(path): shorter than \(m)" }
            if let m = s["maxLength"]?.intValue, length > m { return "\(path): longer than \(m)" }
            if let p = s["pattern"]?.stringValue, !Self.matches(str, p) { return "\(path): \"\(str)\" does not match \(p)" }
            if let f = s["format"]?.stringValue, let p = Self.formats[f], !Self.matches(str, p) {
                return "\(path): \"\(str)\" is not a \(f)"
            }
        case .int, .number:
            let d = value.doubleValue ?? 0
            if let m = s["minimum"]?.doubleValue, d < m { return "\(path): below \(m)" }
            if let m = s["maximum"]?.doubleValue, d > m { return "\(path): above \(m)" }
            if let m = s["exclusiveMinimum"]?.doubleValue, d <= m { return "\(path): not above \(m)" }
            if let m = s["exclusiveMaximum"]?.doubleValue, d >= m { return "\(path): not below \(m)" }
        default: break
        }
        return nil
    }

    private func checkObject(_ o: JSONObject, _ s: JSONObject, at path: String) -> String? {
        for name in s["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where o[name] == nil {
            return "\(path): missing \(name)"
        }
        let properties = s["properties"]?.objectValue ?? JSONObject()
        for (key, v) in o {
            if let p = properties[key] {
                if let bad = check(v, against: p, at: "\(path).\(key)") { return bad }
            } else if let extra = s["additionalProperties"] {
                if let bad = check(v, against: extra, at: "\(path).\(key)") { return bad }
            }
        }
        return nil
    }

    static func hasType(_ v: JSONValue, _ type: String) -> Bool {
        switch (type, v) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null): return true
        case ("number", .int), ("number", .number): return true
        case ("integer", _): return v.intValue != nil && v.doubleValue != nil
        default: return false
        }
    }

    static func matches(_ s: String, _ pattern: String) -> Bool {
        guard let re = try? NSRegularExpression(pattern: pattern) else { return false }
        return re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }

    static let formats = [
        "date": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
        "uuid": "^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$",
    ]

    private func resolve(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#") else { return nil }
        var current = document
        for token in ref.dropFirst().split(separator: "/") {
            guard let next = current[String(token)] else { return nil }
            current = next
        }
        return current
    }
}
