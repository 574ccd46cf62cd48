import Engine

/// `model_info` and `tensors` of `/api/show`, read from a model's GGUF file.
enum ModelInfo {
    /// The GGUF metadata as JSON without `general.name` and `tokenizer.chat_template`, keys
    /// sorted as Go writes a map; arrays of more than 5 elements become `[]` unless `verbose`.
    static func json(_ file: GGUFFile, verbose: Bool) -> JSONValue {
        var object = JSONObject()
        for (key, value) in GGUFModelInfo.modelInfo(file, verbose: true).sorted(by: { $0.key < $1.key }) {
            if !verbose, case .array(let array) = value, array.count > 5 {
                object[key] = .array([])
            } else {
                object[key] = json(value)
            }
        }
        return .object(object)
    }

    /// The tensors with their ggml type names and shapes.
    static func tensors(_ file: GGUFFile) -> [ShowResponse.TensorInfo] {
        file.tensors.map { ShowResponse.TensorInfo(name: $0.name, type: $0.type.name, shape: $0.shape) }
    }

    static func json(_ value: GGUFValue) -> JSONValue {
        switch value {
        case .uint8(let v): return .int(Int64(v))
        case .int8(let v): return .int(Int64(v))
        case .uint16(let v): return .int(Int64(v))
        case .int16(let v): return .int(Int64(v))
        case .uint32(let v): return .int(Int64(v))
        case .int32(let v): return .int(Int64(v))
        case .uint64(let v): return Int64(exactly: v).map(JSONValue.int) ?? .number(Double(v))
        case .int64(let v): return .int(v)
        case .float32(let v): return float32(v)
        case .float64(let v): return v.isFinite ? .number(v) : .null
        case .bool(let v): return .bool(v)
        case .string(let v): return .string(v)
        case .array(let a): return .array(json(a))
        }
    }

    /// A float32 written with its own shortest digits (`1e-05`, not `9.99999974737875e-06`).
    static func float32(_ v: Float) -> JSONValue {
        guard v.isFinite, let d = Double(v.description) else { return .null }
        return .number(d)
    }

    private static func json(_ array: GGUFArray) -> [JSONValue] {
        switch array {
        case .strings(let a): return a.map(JSONValue.string)
        case .bools(let a): return a.map(JSONValue.bool)
        case .float32s(let a): return a.map(float32)
        case .float64s(let a): return a.map { $0.isFinite ? .number($0) : .null }
        case .uint64s(let a): return a.map { Int64(exactly: $0).map(JSONValue.int) ?? .number(Double($0)) }
        default: return (array.ints ?? []).map { .int(Int64($0)) }
        }
    }
}
