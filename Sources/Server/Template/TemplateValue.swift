/// A value seen by a template, modelling the Go values ollama passes to `text/template`.
///
/// Go distinguishes maps (iterated in sorted key order, missing keys give nil), structs (fixed
/// fields, always true), slices and scalars, and some of ollama's types print or marshal
/// themselves specially (`.Tools` and tool-call `.Arguments` print as JSON). Those behaviours are
/// carried as flags on `TemplateList`, `TemplateMap` and `TemplateRecord`.
package indirect enum TemplateValue: Sendable {
    /// Go's nil / missing value (prints `<no value>` in an action).
    case missing
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case list(TemplateList)
    case map(TemplateMap)
    case record(TemplateRecord)
}

/// A Go slice.
package struct TemplateList: Sendable {
    /// How the slice prints and marshals.
    package enum Style: Sendable {
        /// `[a b c]`; JSON array.
        case plain
        /// Prints as its JSON (a type with a `String()` that marshals itself, like ollama's tools).
        case json
        /// ollama's `PropertyType`: one element prints and marshals as that bare string.
        case propertyType
    }

    package var items: [TemplateValue]
    package var style: Style
    /// A nil slice: marshals as `null` instead of `[]`.
    package var isNil: Bool

    package init(_ items: [TemplateValue], style: Style = .plain, isNil: Bool = false) {
        self.items = items
        self.style = style
        self.isNil = isNil
    }
}

/// A Go map with string keys.
package struct TemplateMap: Sendable {
    package private(set) var keys: [String]
    package private(set) var storage: [String: TemplateValue]
    /// Go ranges over maps (and marshals them) in sorted key order; `false` keeps insertion order
    /// (for ordered maps such as nested tool properties).
    package var sortedKeys: Bool
    /// Prints as its JSON (ollama's `templateArgs`/`templateProperties`; nil prints `{}`).
    package var printsAsJSON: Bool
    /// A nil map: marshals as `null`.
    package var isNil: Bool

    package init(_ pairs: [(String, TemplateValue)] = [], sortedKeys: Bool = true, printsAsJSON: Bool = false, isNil: Bool = false) {
        keys = []
        storage = [:]
        self.sortedKeys = sortedKeys
        self.printsAsJSON = printsAsJSON
        self.isNil = isNil
        for (key, value) in pairs { self[key] = value }
    }

    package subscript(key: String) -> TemplateValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    package var count: Int { keys.count }

    /// Keys in iteration order: sorted byte-wise (as Go sorts strings) unless insertion order is kept.
    package var orderedKeys: [String] {
        sortedKeys ? keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) } : keys
    }
}

/// A Go struct (or pointer to one) with named fields.
package final class TemplateRecord: Sendable {
    /// A field's JSON encoding: key and `omitempty`.
    package struct JSONField: Sendable {
        package var key: String
        package var field: String
        package var omitEmpty: Bool

        package init(_ key: String, field: String, omitEmpty: Bool = false) {
            self.key = key
            self.field = field
            self.omitEmpty = omitEmpty
        }
    }

    /// Go type name for error messages (`*template.templateMessage`).
    package let typeName: String
    package let fieldNames: [String]
    package let fields: [String: TemplateValue]
    /// How `json` marshals the struct (field order and tags); nil marshals every field by name.
    package let jsonFields: [JSONField]?
    /// Printed with a leading `&` (a pointer to struct).
    package let isPointer: Bool

    package init(typeName: String, fields: [(String, TemplateValue)], jsonFields: [JSONField]? = nil, isPointer: Bool = false) {
        self.typeName = typeName
        fieldNames = fields.map(\.0)
        self.fields = Dictionary(fields, uniquingKeysWith: { _, last in last })
        self.jsonFields = jsonFields
        self.isPointer = isPointer
    }

    package subscript(field: String) -> TemplateValue? { fields[field] }
}

// MARK: - Conversions

extension TemplateValue {
    /// The value Go's `encoding/json` gives when decoding `value` into `any`: objects become maps
    /// (sorted iteration), arrays slices, every number a float64, `null` nil.
    package init(json value: JSONValue) {
        switch value {
        case .null: self = .missing
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .float(Double(i))
        case .number(let d): self = .float(d)
        case .string(let s): self = .string(s)
        case .array(let elements): self = .list(TemplateList(elements.map(TemplateValue.init(json:))))
        case .object(let object): self = .map(TemplateMap(object.map { ($0.key, TemplateValue(json: $0.value)) }))
        }
    }

    /// A list of strings (Go `[]string`); nil when `strings` is empty and `nilWhenEmpty`.
    package static func strings(_ strings: [String], nilWhenEmpty: Bool = true) -> TemplateValue {
        .list(TemplateList(strings.map(TemplateValue.string), isNil: nilWhenEmpty && strings.isEmpty))
    }
}
