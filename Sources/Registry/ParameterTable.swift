/// The type of a model option (`api.Options` field kinds).
public enum ParameterKind: String, Sendable {
    case int, float, bool, string, stringArray
}

/// A typed option value, encoded in JSON as a bare number, boolean, string or string array.
public enum ParameterValue: Equatable, Sendable, Codable, CustomStringConvertible {
    case int(Int64)
    case float(Float)
    case bool(Bool)
    case string(String)
    case strings([String])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let f = try? c.decode(Float.self) { self = .float(f) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else { self = .strings(try c.decode([String].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case let .int(v): try c.encode(v)
        case let .float(v): try c.encode(v)
        case let .bool(v): try c.encode(v)
        case let .string(v): try c.encode(v)
        case let .strings(v): try c.encode(v)
        }
    }

    /// The value as Go's `%v` would print it (`0.7`, `40`, `true`, `[a b]`).
    public var description: String {
        switch self {
        case let .int(v): return String(v)
        case let .float(v): return String(v)
        case let .bool(v): return String(v)
        case let .string(v): return v
        case let .strings(v): return "[" + v.joined(separator: " ") + "]"
        }
    }
}

/// The model options accepted as Modelfile `PARAMETER`s and API `options` (ollama-api.md §1.3),
/// with their types, and ollama's `api.FormatParams` typing of parameter text.
public enum ParameterTable {
    /// Every option key and its type. Keys are case-sensitive (they equal the JSON keys).
    public static let kinds: [String: ParameterKind] = [
        // Runner options (changing one forces a model reload).
        "num_ctx": .int, "num_batch": .int, "num_gpu": .int, "main_gpu": .int, "use_mmap": .bool,
        "num_thread": .int, "draft_num_predict": .int,
        // Sampling / generation options.
        "num_keep": .int, "seed": .int, "num_predict": .int, "top_k": .int, "top_p": .float, "min_p": .float,
        "typical_p": .float, "repeat_last_n": .int, "temperature": .float, "repeat_penalty": .float,
        "presence_penalty": .float, "frequency_penalty": .float, "stop": .stringArray,
    ]

    /// Options whose change requires reloading the model.
    public static let runnerOptions: Set<String> = [
        "num_ctx", "num_batch", "num_gpu", "main_gpu", "use_mmap", "num_thread", "draft_num_predict",
    ]

    /// Parameters ollama still accepts in a Modelfile but ignores with a warning.
    public static let deprecated: Set<String> = [
        "penalize_newline", "low_vram", "f16_kv", "logits_all", "vocab_only", "use_mlock", "mirostat",
        "mirostat_tau", "mirostat_eta",
    ]

    /// Types parameter text (ollama `api.FormatParams`): only the first value is used for scalar
    /// kinds; `stop` keeps all values.
    /// - Throws: `RegistryError.unknownParameter` (`unknown parameter 'x'`) or
    ///   `.invalidParameterValue` (`invalid float value [..]` / int / bool).
    public static func format(_ params: [String: [String]]) throws -> [String: ParameterValue] {
        var out: [String: ParameterValue] = [:]
        for key in params.keys.sorted() {
            let values = params[key] ?? []
            out[key] = try format(key: key, values: values)
        }
        return out
    }

    /// Types the values of one parameter key.
    public static func format(key: String, values: [String]) throws -> ParameterValue {
        guard let kind = kinds[key] else { throw RegistryError.unknownParameter(key) }
        let first = values.first ?? ""
        switch kind {
        case .int:
            guard let v = Int64(first) else { throw RegistryError.invalidParameterValue(kind: "int", values: values) }
            return .int(v)
        case .float:
            guard let v = parseFloat32(first) else {
                throw RegistryError.invalidParameterValue(kind: "float", values: values)
            }
            return .float(v)
        case .bool:
            guard let v = parseBool(first) else { throw RegistryError.invalidParameterValue(kind: "bool", values: values) }
            return .bool(v)
        case .string:
            return .string(first)
        case .stringArray:
            return .strings(values)
        }
    }

    /// Types the `PARAMETER` commands of a Modelfile, in order: repeated `stop` values
    /// accumulate, other keys take their last value. Deprecated keys are skipped and returned.
    public static func format(modelfile: Modelfile) throws -> (values: [String: ParameterValue], deprecated: [String]) {
        var values: [String: ParameterValue] = [:]
        var skipped: [String] = []
        for command in modelfile.commands where command.isParameter {
            if deprecated.contains(command.name) {
                skipped.append(command.name)
                continue
            }
            let value = try format(key: command.name, values: [command.args])
            if case let .strings(new) = value, case let .strings(old)? = values[command.name] {
                values[command.name] = .strings(old + new)
            } else {
                values[command.name] = value
            }
        }
        return (values, skipped)
    }

    /// Go `strconv.ParseBool`.
    static func parseBool(_ s: String) -> Bool? {
        switch s {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: return nil
        }
    }

    /// Go `strconv.ParseFloat(s, 32)`: a value out of float32 range is an error, not infinity.
    static func parseFloat32(_ s: String) -> Float? {
        guard let v = Float(s) else { return nil }
        if v.isInfinite, !s.lowercased().contains("inf") { return nil }
        return v
    }
}
