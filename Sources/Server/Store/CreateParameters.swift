import Registry

/// Types the `parameters` of a create request against `ParameterTable`, as the ollama CLI does
/// before sending them: strings become the option's type, `stop` becomes a string array.
enum CreateParameters {
    /// The typed parameters as JSON.
    /// - Throws: `APIError` 400 `unknown parameter 'x'`, `invalid float value [x]`, ….
    static func typed(_ parameters: JSONObject) throws -> JSONObject {
        var out = JSONObject()
        for (key, value) in parameters {
            guard let kind = ParameterTable.kinds[key] else {
                if ParameterTable.deprecated.contains(key) { continue }
                throw APIError.from(RegistryError.unknownParameter(key))
            }
            out[key] = try typed(key: key, kind: kind, value: value)
        }
        return out
    }

    private static func typed(key: String, kind: ParameterKind, value: JSONValue) throws -> JSONValue {
        switch (kind, value) {
        case (.int, .int), (.float, .int), (.float, .number), (.bool, .bool), (.string, .string):
            return value
        case (.int, .number(let d)) where d.rounded() == d && abs(d) < 9.2e18:
            return .int(Int64(d))
        case (.stringArray, .array(let items)):
            guard items.allSatisfy({ $0.stringValue != nil }) else { throw mismatch(kind, key: key, value) }
            return value
        case (.stringArray, .string(let s)):
            return .array([.string(s)])
        case (_, .string(let text)):
            do {
                return json(try ParameterTable.format(key: key, values: [text]))
            } catch let error as RegistryError {
                throw APIError.from(error)
            }
        default:
            throw mismatch(kind, key: key, value)
        }
    }

    private static func mismatch(_ kind: ParameterKind, key: String, _ value: JSONValue) -> APIError {
        APIError.badRequest("invalid \(kind.rawValue) value for parameter '\(key)': \(value.serialized())")
    }

    /// A typed value as JSON; floats keep their float32 digits (`0.7`, not `0.699999988079071`).
    static func json(_ value: ParameterValue) -> JSONValue {
        switch value {
        case .int(let v): return .int(v)
        case .float(let v): return ModelInfo.float32(v)
        case .bool(let v): return .bool(v)
        case .string(let v): return .string(v)
        case .strings(let v): return .array(v.map(JSONValue.string))
        }
    }
}
