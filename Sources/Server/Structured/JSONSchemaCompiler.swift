import Foundation
import Engine

/// Compiles a JSON schema (already parsed) into a byte grammar whose documents validate.
///
/// Supported: `type` (one or a list), `enum`, `const`, `properties` (emitted in order),
/// `required`, `additionalProperties` (declared properties only are generated; a schema with no
/// `properties` becomes a map), `items`, `minItems`/`maxItems`, `minLength`/`maxLength`, simple
/// `pattern`s, `format` date/time/date-time/uuid, integer ranges (see `integer`), `anyOf`/`oneOf`,
/// a single-element `allOf`, `$ref` into the document (`#/$defs/…`, `#/definitions/…`, `#`;
/// recursion allowed when each cycle consumes input). Annotations (`title`, `description`…) are
/// ignored. Any other keyword is an error naming it: nothing is silently dropped.
struct JSONSchemaCompiler {
    /// The whole schema, for `$ref`.
    let document: JSONValue
    var grammar = Grammar()
    /// The rule of each resolved `$ref`.
    var referenceRules: [String: Int] = [:]
    /// The rule of "any JSON value", once added.
    var anyValueRule: Int?

    /// Keywords that do not constrain values.
    static let annotations: Set<String> = [
        "title", "description", "default", "examples", "example", "$schema", "$id", "$comment",
        "deprecated", "readOnly", "writeOnly", "$defs", "definitions",
    ]
    /// Keywords this compiler enforces.
    static let enforced: Set<String> = [
        "type", "enum", "const", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
        "anyOf", "oneOf", "allOf", "$ref", "pattern", "format", "minLength", "maxLength",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    ]
    /// Integer ranges up to this size are enumerated exactly.
    static let maxEnumeratedRange: Int64 = 4096
    /// Largest bounded repetition (`maxItems`, `maxLength`) compiled exactly.
    static let maxBoundedRepetition = 2048

    /// The grammar of documents valid against `schema`.
    static func compile(_ schema: JSONValue) throws -> Grammar {
        var compiler = JSONSchemaCompiler(document: schema)
        let root = compiler.grammar.addRule("#")
        let body = try compiler.expression(schema, path: "#")
        compiler.grammar.define(root, body)
        return compiler.grammar
    }

    /// A call of the "any JSON value" rules.
    mutating func anyValue() -> GrammarExpression {
        if let id = anyValueRule { return .rule(id) }
        let id = JSONGrammar.addValueRules(to: &grammar).value
        anyValueRule = id
        return .rule(id)
    }

    /// Wraps `body` in a new rule (for sub-grammars used more than once).
    mutating func rule(_ name: String, _ body: GrammarExpression) -> GrammarExpression {
        if case .rule = body { return body }
        let id = grammar.addRule(name)
        grammar.define(id, body)
        return .rule(id)
    }

    // MARK: - Schemas

    /// The grammar of values valid against `schema` (found at `path`).
    mutating func expression(_ schema: JSONValue, path: String) throws -> GrammarExpression {
        switch schema {
        case .bool(true): return anyValue()
        case .bool(false): throw JSONSchemaError.unsatisfiable(path: path, reason: "the schema false accepts nothing")
        case .object(let o): return try expression(o, path: path)
        default: throw JSONSchemaError.invalid(path: path, reason: "a schema must be an object or a boolean")
        }
    }

    private mutating func expression(_ o: JSONObject, path: String) throws -> GrammarExpression {
        for key in o.keys where !Self.annotations.contains(key) && !Self.enforced.contains(key) {
            throw JSONSchemaError.unsupported(keyword: key, path: path, detail: "")
        }
        let constraining = o.keys.filter { !Self.annotations.contains($0) }
        if let ref = o["$ref"] {
            try only(["$ref"], of: constraining, with: "$ref", path: path)
            guard let text = ref.stringValue else { throw JSONSchemaError.invalid(path: path, reason: "$ref must be a string") }
            return try reference(text, path: path)
        }
        for keyword in ["anyOf", "oneOf"] {
            guard let list = o[keyword] else { continue }
            try only([keyword], of: constraining, with: keyword, path: path)
            guard let schemas = list.arrayValue, !schemas.isEmpty else {
                throw JSONSchemaError.invalid(path: path, reason: "\(keyword) must be a non-empty array")
            }
            var alternatives: [GrammarExpression] = []
            for (i, s) in schemas.enumerated() { alternatives.append(try expression(s, path: "\(path)/\(keyword)/\(i)")) }
            return .choice(alternatives)
        }
        if let all = o["allOf"] {
            try only(["allOf"], of: constraining, with: "allOf", path: path)
            guard let schemas = all.arrayValue, schemas.count == 1 else {
                throw JSONSchemaError.unsupported(keyword: "allOf", path: path, detail: "only a single schema is supported")
            }
            return try expression(schemas[0], path: "\(path)/allOf/0")
        }
        if let value = o["const"] { return .literal(Self.literal(value)) }
        if let values = o["enum"] {
            guard let list = values.arrayValue else { throw JSONSchemaError.invalid(path: path, reason: "enum must be an array") }
            guard !list.isEmpty else { throw JSONSchemaError.unsatisfiable(path: path, reason: "enum is empty") }
            return .literals(list.map(Self.literal))
        }
        var alternatives: [GrammarExpression] = []
        for type in try types(o, path: path) { alternatives.append(try typed(type, o, path: path)) }
        return alternatives.count == 1 ? alternatives[0] : .choice(alternatives)
    }

    /// Rejects constraining keywords next to `keyword` other than `allowed`.
    private func only(_ allowed: Set<String>, of keys: [String], with keyword: String, path: String) throws {
        if let other = keys.first(where: { !allowed.contains($0) }) {
            throw JSONSchemaError.unsupported(keyword: other, path: path, detail: "cannot be combined with \(keyword)")
        }
    }

    /// The types the schema allows: `type` (a name or a list), else inferred from its keywords.
    private func types(_ o: JSONObject, path: String) throws -> [String] {
        let known = ["object", "array", "string", "integer", "number", "boolean", "null"]
        if let type = o["type"] {
            let names: [String]
            if let name = type.stringValue {
                names = [name]
            } else if let list = type.arrayValue, !list.isEmpty, list.allSatisfy({ $0.stringValue != nil }) {
                names = list.compactMap(\.stringValue)
            } else {
                throw JSONSchemaError.invalid(path: path, reason: "type must be a string or a non-empty array of strings")
            }
            for name in names where !known.contains(name) {
                throw JSONSchemaError.invalid(path: path, reason: "unknown type \"\(name)\"")
            }
            // "integer" is within "number": keep the wider one only.
            return names.contains("number") ? names.filter { $0 != "integer" } : names
        }
        if o["properties"] != nil || o["required"] != nil || o["additionalProperties"] != nil { return ["object"] }
        if o["items"] != nil || o["minItems"] != nil || o["maxItems"] != nil { return ["array"] }
        if o["pattern"] != nil || o["format"] != nil || o["minLength"] != nil || o["maxLength"] != nil { return ["string"] }
        if o["minimum"] != nil || o["maximum"] != nil || o["exclusiveMinimum"] != nil || o["exclusiveMaximum"] != nil {
            return ["number"]
        }
        return known.filter { $0 != "integer" }
    }

    private mutating func typed(_ type: String, _ o: JSONObject, path: String) throws -> GrammarExpression {
        switch type {
        case "object": return try object(o, path: path)
        case "array": return try array(o, path: path)
        case "string": return try string(o, path: path)
        case "integer": return try integer(o, path: path)
        case "number": return try number(o, path: path)
        case "boolean": return .literals([Array("true".utf8), Array("false".utf8)])
        default: return .text("null")
        }
    }

    /// The compact JSON text of `value` (minimal escaping, as a model would write it).
    static func literal(_ value: JSONValue) -> [UInt8] {
        JSONSerializer(escapeHTML: false).bytes(value)
    }

    // MARK: - References

    /// A call of the rule for the schema `ref` points to.
    private mutating func reference(_ ref: String, path: String) throws -> GrammarExpression {
        if let id = referenceRules[ref] { return .rule(id) }
        guard let target = Self.resolve(ref, in: document) else { throw JSONSchemaError.unresolvedReference(ref, path: path) }
        let id = grammar.addRule(ref)
        referenceRules[ref] = id
        grammar.define(id, try expression(target, path: ref))
        return .rule(id)
    }

    /// The value at JSON pointer fragment `ref` (`#`, `#/$defs/A`, with `~0`/`~1` and %-escapes).
    static func resolve(_ ref: String, in document: JSONValue) -> JSONValue? {
        guard ref.hasPrefix("#") else { return nil }
        let pointer = String(ref.dropFirst()).removingPercentEncoding ?? String(ref.dropFirst())
        if pointer.isEmpty { return document }
        guard pointer.hasPrefix("/") else { return nil }
        var current = document
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch current {
            case .object(let o):
                guard let next = o[token] else { return nil }
                current = next
            case .array(let a):
                guard let i = Int(token), i >= 0, i < a.count else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        return current
    }
}
