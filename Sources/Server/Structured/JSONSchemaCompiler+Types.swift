import Engine

/// The per-type keywords: objects, arrays, strings and numbers.
extension JSONSchemaCompiler {
    // MARK: - Objects

    /// `{…}` with the declared properties in order (required ones always, optional ones
    /// possibly), or a map when no property is declared.
    mutating func object(_ o: JSONObject, path: String) throws -> GrammarExpression {
        var properties: [(name: String, schema: JSONValue)] = []
        if let p = o["properties"] {
            guard let map = p.objectValue else { throw JSONSchemaError.invalid(path: path, reason: "properties must be an object") }
            for (name, schema) in map { properties.append((name, schema)) }
        }
        var required: [String] = []
        if let r = o["required"] {
            guard let list = r.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                throw JSONSchemaError.invalid(path: path, reason: "required must be an array of strings")
            }
            for name in list.compactMap(\.stringValue) where !required.contains(name) { required.append(name) }
        }
        let additional = o["additionalProperties"]
        if let additional, additional.boolValue == nil, additional.objectValue == nil {
            throw JSONSchemaError.invalid(path: path, reason: "additionalProperties must be a boolean or a schema")
        }
        // A required name that is not declared takes the additionalProperties schema.
        for name in required where !properties.contains(where: { $0.name == name }) {
            if additional?.boolValue == false {
                throw JSONSchemaError.unsatisfiable(
                    path: path, reason: "required property \"\(name)\" is not allowed by additionalProperties false")
            }
            properties.append((name, additional ?? true))
        }
        if properties.isEmpty {
            if additional?.boolValue == false { return .sequence([.text("{"), JSONGrammar.whitespace, .text("}")]) }
            let value = try additional.map { try expression($0, path: "\(path)/additionalProperties") } ?? anyValue()
            let member = GrammarExpression.sequence([JSONGrammar.string, .text(":"), JSONGrammar.whitespace, value])
            return JSONGrammar.object(member: member)
        }
        let anyOptional = properties.contains { !required.contains($0.name) }
        var members: [GrammarExpression] = []
        for (name, schema) in properties {
            let at = "\(path)/properties/\(Self.escapePointer(name))"
            var value = try expression(schema, path: at)
            if anyOptional { value = rule(at, value) }  // each appears several times below
            members.append(.sequence([.literal(Self.literal(.string(name))), .text(":"), JSONGrammar.whitespace, value]))
        }
        let isRequired = properties.map { required.contains($0.name) }
        let ws = JSONGrammar.whitespace
        /// The members after `k`, each preceded by a comma, optional ones optional.
        func tail(_ k: Int) -> GrammarExpression {
            .sequence((k..<members.count).map { m in
                let item = GrammarExpression.sequence([.text(","), ws, members[m]])
                return isRequired[m] ? item : .optional(item)
            })
        }
        // The first member written is an optional one or the first required one.
        let firstRequired = isRequired.firstIndex(of: true) ?? members.count
        var firsts: [GrammarExpression] = []
        for j in 0..<min(firstRequired + 1, members.count) { firsts.append(.sequence([members[j], tail(j + 1)])) }
        let body = GrammarExpression.sequence([firsts.count == 1 ? firsts[0] : .choice(firsts), ws])
        return .sequence([.text("{"), ws, firstRequired == members.count ? .optional(body) : body, .text("}")])
    }

    /// `name` as a JSON pointer token.
    static func escapePointer(_ name: String) -> String {
        name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    // MARK: - Arrays

    mutating func array(_ o: JSONObject, path: String) throws -> GrammarExpression {
        let min = try count("minItems", o, path: path) ?? 0
        let max = try count("maxItems", o, path: path)
        if let max, max < min {
            throw JSONSchemaError.unsatisfiable(path: path, reason: "maxItems is smaller than minItems")
        }
        if let max, max > Self.maxBoundedRepetition {
            throw JSONSchemaError.unsupported(keyword: "maxItems", path: path,
                                              detail: "at most \(Self.maxBoundedRepetition) is supported")
        }
        if min > Self.maxBoundedRepetition {
            throw JSONSchemaError.unsupported(keyword: "minItems", path: path,
                                              detail: "at most \(Self.maxBoundedRepetition) is supported")
        }
        var item: GrammarExpression
        switch o["items"] {
        case nil: item = anyValue()
        case .array?:
            throw JSONSchemaError.unsupported(keyword: "items", path: path, detail: "tuple items (an array) are not supported")
        case let schema?: item = try expression(schema, path: "\(path)/items")
        }
        item = rule("\(path)/items", item)
        return JSONGrammar.array(item: item, min: min, max: max)
    }

    /// A non-negative integer keyword (`minItems`, `maxLength`…), nil when absent.
    func count(_ keyword: String, _ o: JSONObject, path: String) throws -> Int? {
        guard let v = o[keyword] else { return nil }
        guard let n = v.intValue, n >= 0, n <= Int64(Int32.max) else {
            throw JSONSchemaError.invalid(path: path, reason: "\(keyword) must be a non-negative integer")
        }
        return Int(n)
    }

    // MARK: - Strings

    mutating func string(_ o: JSONObject, path: String) throws -> GrammarExpression {
        let minLength = try count("minLength", o, path: path)
        let maxLength = try count("maxLength", o, path: path)
        let hasLength = minLength != nil || maxLength != nil
        if let format = o["format"] {
            guard let name = format.stringValue else { throw JSONSchemaError.invalid(path: path, reason: "format must be a string") }
            guard let pattern = Self.formatPatterns[name] else {
                throw JSONSchemaError.unsupported(keyword: "format", path: path,
                                                  detail: "\"\(name)\" (supported: \(Self.formatPatterns.keys.sorted().joined(separator: ", ")))")
            }
            if o["pattern"] != nil || hasLength {
                throw JSONSchemaError.unsupported(keyword: o["pattern"] != nil ? "pattern" : "minLength/maxLength",
                                                  path: path, detail: "cannot be combined with format")
            }
            var regex = RegexCompiler(pattern, path: path)
            return .sequence([.text("\""), try regex.compile(), .text("\"")])
        }
        if let p = o["pattern"] {
            guard let pattern = p.stringValue else { throw JSONSchemaError.invalid(path: path, reason: "pattern must be a string") }
            if hasLength {
                throw JSONSchemaError.unsupported(keyword: "minLength/maxLength", path: path,
                                                  detail: "cannot be combined with pattern")
            }
            var regex = RegexCompiler(pattern, path: path)
            return .sequence([.text("\""), try regex.compile(), .text("\"")])
        }
        guard hasLength else { return JSONGrammar.string }
        let min = minLength ?? 0
        if let maxLength, maxLength < min {
            throw JSONSchemaError.unsatisfiable(path: path, reason: "maxLength is smaller than minLength")
        }
        if Swift.max(min, maxLength ?? 0) > Self.maxBoundedRepetition {
            throw JSONSchemaError.unsupported(keyword: maxLength != nil ? "maxLength" : "minLength", path: path,
                                              detail: "at most \(Self.maxBoundedRepetition) is supported")
        }
        return JSONGrammar.string(minLength: min, maxLength: maxLength)
    }

    /// Regular expressions of the supported string formats.
    static let formatPatterns: [String: String] = {
        let date = "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
        let time = "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"
        return [
            "date": "^\(date)$",
            "time": "^\(time)$",
            "date-time": "^\(date)T\(time)$",
            "uuid": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
        ]
    }()

    // MARK: - Numbers

    /// Integers, with bounds: a range of at most `maxEnumeratedRange` values is exact;
    /// `minimum` 0 or 1 alone gives non-negative or positive integers; other bounds are errors.
    mutating func integer(_ o: JSONObject, path: String) throws -> GrammarExpression {
        var low: Double?
        var high: Double?
        if let v = o["minimum"] { low = try bound(v, "minimum", path: path).rounded(.up) }
        if let v = o["exclusiveMinimum"] {
            low = Swift.max(low ?? -.infinity, try bound(v, "exclusiveMinimum", path: path).rounded(.down) + 1)
        }
        if let v = o["maximum"] { high = try bound(v, "maximum", path: path).rounded(.down) }
        if let v = o["exclusiveMaximum"] {
            high = Swift.min(high ?? .infinity, try bound(v, "exclusiveMaximum", path: path).rounded(.up) - 1)
        }
        switch (low, high) {
        case (nil, nil):
            return JSONGrammar.integer()
        case (let lo?, let hi?):
            if hi < lo { throw JSONSchemaError.unsatisfiable(path: path, reason: "the integer range is empty") }
            guard hi - lo <= Double(Self.maxEnumeratedRange) else {
                throw JSONSchemaError.unsupported(
                    keyword: "minimum/maximum", path: path,
                    detail: "integer ranges of at most \(Self.maxEnumeratedRange + 1) values are supported")
            }
            return .literals((Int64(lo)...Int64(hi)).map { Array(String($0).utf8) })
        case (let lo?, nil) where lo == 0 || lo == 1:
            return JSONGrammar.integer(negative: false, positive: lo == 1)
        default:
            throw JSONSchemaError.unsupported(
                keyword: low != nil ? "minimum" : "maximum", path: path,
                detail: "an integer bound needs both ends (at most \(Self.maxEnumeratedRange + 1) values) or a minimum of 0 or 1")
        }
    }

    /// A numeric bound keyword's value (finite, within ±2^62 so that it converts exactly).
    private func bound(_ v: JSONValue, _ keyword: String, path: String) throws -> Double {
        guard let d = v.doubleValue else {
            if v.boolValue != nil {
                throw JSONSchemaError.unsupported(keyword: keyword, path: path, detail: "the boolean form (draft 4) is not supported")
            }
            throw JSONSchemaError.invalid(path: path, reason: "\(keyword) must be a number")
        }
        guard d.magnitude < 4.6e18 else { throw JSONSchemaError.invalid(path: path, reason: "\(keyword) is out of range") }
        return d
    }

    /// Numbers; a `minimum` of 0 drops the sign, other bounds are errors.
    mutating func number(_ o: JSONObject, path: String) throws -> GrammarExpression {
        for keyword in ["maximum", "exclusiveMinimum", "exclusiveMaximum"] where o[keyword] != nil {
            throw JSONSchemaError.unsupported(keyword: keyword, path: path,
                                              detail: "bounds on numbers are limited to minimum 0 (use type integer for ranges)")
        }
        if let m = o["minimum"] {
            guard m.doubleValue == 0 else {
                throw JSONSchemaError.unsupported(keyword: "minimum", path: path,
                                                  detail: "bounds on numbers are limited to minimum 0 (use type integer for ranges)")
            }
            return JSONGrammar.number(negative: false)
        }
        return JSONGrammar.number()
    }
}
