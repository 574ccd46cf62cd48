import Foundation

/// An error from a template function; the renderer reports it as `error calling <name>: <message>`.
package struct TemplateFunctionError: Error, Sendable {
    package let message: String
    package init(_ message: String) { self.message = message }
}

/// The functions a template may call: Go's builtins plus ollama's helpers.
///
/// `and` and `or` are evaluated lazily by the renderer (Go short-circuits them since 1.18), so
/// they appear here only by name.
package struct TemplateFunctions: Sendable {
    package typealias Function = @Sendable ([TemplateValue]) throws(TemplateFunctionError) -> TemplateValue

    package private(set) var table: [String: Function]
    /// Names the parser accepts (the table plus the lazily evaluated `and`/`or`).
    package var names: Set<String> { Set(table.keys).union(["and", "or"]) }

    package init(_ table: [String: Function]) { self.table = table }

    /// Adds or replaces a function.
    package mutating func define(_ name: String, _ function: @escaping Function) { table[name] = function }

    /// Go's `text/template` builtins (`call` excepted: templates never receive functions).
    package static let builtins = TemplateFunctions([
        "not": { args throws(TemplateFunctionError) in
            try arity(args, 1, "not")
            return .bool(!args[0].isTruthy)
        },
        "eq": { args throws(TemplateFunctionError) in .bool(try equal(args)) },
        "ne": { args throws(TemplateFunctionError) in
            try arity(args, 2, "ne")
            let same = try equal(args)
            return .bool(!same)
        },
        "lt": { args throws(TemplateFunctionError) in
            try arity(args, 2, "lt")
            return .bool(try less(args[0], args[1]))
        },
        "le": { args throws(TemplateFunctionError) in
            try arity(args, 2, "le")
            return .bool(try lessOrEqual(args[0], args[1]))
        },
        "gt": { args throws(TemplateFunctionError) in
            try arity(args, 2, "gt")
            let le = try lessOrEqual(args[0], args[1])
            return .bool(!le)
        },
        "ge": { args throws(TemplateFunctionError) in
            try arity(args, 2, "ge")
            let lt = try less(args[0], args[1])
            return .bool(!lt)
        },
        "len": { args throws(TemplateFunctionError) in
            try arity(args, 1, "len")
            return .int(try length(args[0]))
        },
        "index": { args throws(TemplateFunctionError) in
            guard let item = args.first else { throw TemplateFunctionError("wrong number of args for index: want at least 1 got 0") }
            return try index(item, Array(args.dropFirst()))
        },
        "slice": { args throws(TemplateFunctionError) in
            guard let item = args.first else { throw TemplateFunctionError("wrong number of args for slice: want at least 1 got 0") }
            return try slice(item, Array(args.dropFirst()))
        },
        "print": { args in .string(GoFormatter.sprint(args)) },
        "println": { args in .string(GoFormatter.sprintln(args)) },
        "printf": { args throws(TemplateFunctionError) in
            guard case .string(let format)? = args.first else {
                throw TemplateFunctionError("wrong type for value; expected string; got \(args.first?.goTypeName ?? "nothing")")
            }
            return .string(GoFormatter.sprintf(format, Array(args.dropFirst())))
        },
        "html": { args in .string(GoFormatter.htmlEscape(GoFormatter.escaperInput(args))) },
        "js": { args in .string(GoFormatter.jsEscape(GoFormatter.escaperInput(args))) },
        "urlquery": { args in .string(GoFormatter.queryEscape(GoFormatter.escaperInput(args))) },
    ])

    /// The builtins plus ollama's `json`, `currentDate`, `yesterdayDate` and `toTypeScriptType`.
    /// - Parameter now: the clock for the date helpers (local time, `YYYY-MM-DD`).
    package static func ollama(now: @escaping @Sendable () -> Date = { Date() }) -> TemplateFunctions {
        var functions = builtins
        functions.define("json") { args throws(TemplateFunctionError) in
            try arity(args, 1, "json")
            return .string(args[0].jsonText)
        }
        functions.define("currentDate") { _ in .string(dateString(now())) }
        functions.define("yesterdayDate") { _ in .string(dateString(now().addingTimeInterval(-86_400))) }
        functions.define("toTypeScriptType") { args throws(TemplateFunctionError) in
            try arity(args, 1, "toTypeScriptType")
            return .string(typeScriptType(args[0]))
        }
        return functions
    }

    // MARK: - Helpers

    static func arity(_ args: [TemplateValue], _ count: Int, _ name: String) throws(TemplateFunctionError) {
        if args.count != count { throw TemplateFunctionError("wrong number of args for \(name): want \(count) got \(args.count)") }
    }

    static func dateString(_ date: Date) -> String {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// ollama's `ToolProperty.ToTypeScriptType`: `anyOf` joined by ` | `, JSON types mapped.
    static func typeScriptType(_ value: TemplateValue) -> String {
        guard case .record(let property) = value, property.typeName == ToolTemplateData.propertyTypeName else { return "any" }
        if case .list(let anyOf)? = property["AnyOf"], !anyOf.items.isEmpty {
            return anyOf.items.map(typeScriptType).joined(separator: " | ")
        }
        guard case .list(let types)? = property["Type"], !types.items.isEmpty else { return "any" }
        return types.items.map { item -> String in
            switch item {
            case .string("string"): return "string"
            case .string("number"), .string("integer"): return "number"
            case .string("boolean"): return "boolean"
            case .string("array"): return "any[]"
            case .string("object"): return "Record<string, any>"
            case .string("null"): return "null"
            default: return "any"
            }
        }.joined(separator: " | ")
    }

    // MARK: - Comparison (Go's eq/lt on basic kinds)

    private enum BasicKind { case bool, int, float, string, other, invalid }

    private static func kind(_ v: TemplateValue) -> BasicKind {
        switch v {
        case .missing: return .invalid
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        case .string: return .string
        default: return .other
        }
    }

    /// `eq arg1 arg2 …`: true if arg1 equals any of the others.
    static func equal(_ args: [TemplateValue]) throws(TemplateFunctionError) -> Bool {
        guard let first = args.first, args.count >= 2 else { throw TemplateFunctionError("missing argument for comparison") }
        let k1 = kind(first)
        for other in args.dropFirst() {
            let k2 = kind(other)
            if k1 != k2 {
                if k1 != .invalid && k2 != .invalid { throw TemplateFunctionError("incompatible types for comparison") }
                continue
            }
            switch (first, other) {
            case (.bool(let a), .bool(let b)): if a == b { return true }
            case (.int(let a), .int(let b)): if a == b { return true }
            case (.float(let a), .float(let b)): if a == b { return true }
            case (.string(let a), .string(let b)): if a == b { return true }
            case (.missing, .missing): return true
            case (.record(let a), .record(let b)): if a === b { return true }
            default: throw TemplateFunctionError("non-comparable type \(other.goString): \(other.goTypeName)")
            }
        }
        return false
    }

    /// `lt a b` on ints, floats or strings of the same kind.
    static func less(_ a: TemplateValue, _ b: TemplateValue) throws(TemplateFunctionError) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        case (.float(let x), .float(let y)): return x < y
        case (.string(let x), .string(let y)): return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
        default:
            let k1 = kind(a), k2 = kind(b)
            if k1 == .bool || k1 == .other || k1 == .invalid || k2 == .bool || k2 == .other || k2 == .invalid {
                throw TemplateFunctionError("invalid type for comparison")
            }
            throw TemplateFunctionError("incompatible types for comparison")
        }
    }

    /// Go's `le`: `lt`, or else `eq`.
    static func lessOrEqual(_ a: TemplateValue, _ b: TemplateValue) throws(TemplateFunctionError) -> Bool {
        if try less(a, b) { return true }
        return try equal([a, b])
    }

    // MARK: - len, index, slice

    static func length(_ v: TemplateValue) throws(TemplateFunctionError) -> Int {
        switch v {
        case .string(let s): return s.utf8.count
        case .list(let l): return l.items.count
        case .map(let m): return m.count
        case .missing: throw TemplateFunctionError("len of nil pointer")
        default: throw TemplateFunctionError("len of type \(v.goTypeName)")
        }
    }

    private static func indexArgument(_ index: TemplateValue, cap: Int) throws(TemplateFunctionError) -> Int {
        switch index {
        case .int(let x):
            if x < 0 || x > cap { throw TemplateFunctionError("index out of range: \(x)") }
            return x
        case .missing: throw TemplateFunctionError("cannot index slice/array with nil")
        default: throw TemplateFunctionError("cannot index slice/array with type \(index.goTypeName)")
        }
    }

    static func index(_ item: TemplateValue, _ indexes: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        if case .missing = item { throw TemplateFunctionError("index of untyped nil") }
        var current = item
        for index in indexes {
            switch current {
            case .list(let l):
                let x = try indexArgument(index, cap: l.items.count)
                if x == l.items.count { throw TemplateFunctionError("index out of range: \(x)") }
                current = l.items[x]
            case .string(let s):
                let bytes = Array(s.utf8)
                let x = try indexArgument(index, cap: bytes.count)
                if x == bytes.count { throw TemplateFunctionError("index out of range: \(x)") }
                current = .int(Int(bytes[x]))
            case .map(let m):
                guard case .string(let key) = index else {
                    throw TemplateFunctionError("value has type \(index.goTypeName); should be string")
                }
                current = m[key] ?? .missing
            case .missing: throw TemplateFunctionError("index of nil pointer")
            default: throw TemplateFunctionError("can't index item of type \(current.goTypeName)")
            }
        }
        return current
    }

    static func slice(_ item: TemplateValue, _ indexes: [TemplateValue]) throws(TemplateFunctionError) -> TemplateValue {
        if indexes.count > 3 { throw TemplateFunctionError("too many slice indexes: \(indexes.count)") }
        let count: Int
        switch item {
        case .missing: throw TemplateFunctionError("slice of untyped nil")
        case .string(let s):
            if indexes.count == 3 { throw TemplateFunctionError("cannot 3-index slice a string") }
            count = s.utf8.count
        case .list(let l): count = l.items.count
        default: throw TemplateFunctionError("can't slice item of type \(item.goTypeName)")
        }
        var bounds = [0, count, count]
        for (i, index) in indexes.enumerated() { bounds[i] = try indexArgument(index, cap: count) }
        if bounds[0] > bounds[1] { throw TemplateFunctionError("invalid slice index: \(bounds[0]) > \(bounds[1])") }
        if indexes.count == 3, bounds[1] > bounds[2] { throw TemplateFunctionError("invalid slice index: \(bounds[1]) > \(bounds[2])") }
        switch item {
        case .string(let s): return .string(String(decoding: Array(s.utf8)[bounds[0]..<bounds[1]], as: UTF8.self))
        case .list(var l):
            l.items = Array(l.items[bounds[0]..<bounds[1]])
            l.isNil = false
            return .list(l)
        default: return item
        }
    }
}
