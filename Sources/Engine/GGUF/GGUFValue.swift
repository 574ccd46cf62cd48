/// The type tag stored before every GGUF metadata value (`enum gguf_type` in gguf.h).
public enum GGUFValueType: UInt32, Sendable, CaseIterable {
    case uint8 = 0, int8 = 1, uint16 = 2, int16 = 3, uint32 = 4, int32 = 5, float32 = 6, bool = 7
    case string = 8, array = 9, uint64 = 10, int64 = 11, float64 = 12

    /// Bytes of one element for fixed-size types, nil for strings and arrays.
    public var fixedSize: Int? {
        switch self {
        case .uint8, .int8, .bool: return 1
        case .uint16, .int16: return 2
        case .uint32, .int32, .float32: return 4
        case .uint64, .int64, .float64: return 8
        case .string, .array: return nil
        }
    }
}

/// One GGUF metadata value.
public enum GGUFValue: Sendable, Equatable {
    case uint8(UInt8), int8(Int8), uint16(UInt16), int16(Int16), uint32(UInt32), int32(Int32)
    case float32(Float), bool(Bool), string(String), array(GGUFArray)
    case uint64(UInt64), int64(Int64), float64(Double)

    /// The type tag written before this value.
    public var type: GGUFValueType {
        switch self {
        case .uint8: return .uint8
        case .int8: return .int8
        case .uint16: return .uint16
        case .int16: return .int16
        case .uint32: return .uint32
        case .int32: return .int32
        case .float32: return .float32
        case .bool: return .bool
        case .string: return .string
        case .array: return .array
        case .uint64: return .uint64
        case .int64: return .int64
        case .float64: return .float64
        }
    }

    /// The value as an `Int` when it is an integer that fits.
    public var intValue: Int? {
        switch self {
        case .uint8(let v): return Int(v)
        case .int8(let v): return Int(v)
        case .uint16(let v): return Int(v)
        case .int16(let v): return Int(v)
        case .uint32(let v): return Int(v)
        case .int32(let v): return Int(v)
        case .uint64(let v): return Int(exactly: v)
        case .int64(let v): return Int(v)
        default: return nil
        }
    }

    /// The value as a `Float` when it is a number (floats, or integers converted).
    public var floatValue: Float? {
        switch self {
        case .float32(let v): return v
        case .float64(let v): return Float(v)
        default: return intValue.map { Float($0) }
        }
    }
}

/// A homogeneous GGUF array, stored typed so that 262,144-entry vocabularies stay compact.
///
/// Nested arrays are not supported (llama.cpp's gguf reader refuses them too).
public enum GGUFArray: Sendable, Equatable {
    case uint8s([UInt8]), int8s([Int8]), uint16s([UInt16]), int16s([Int16])
    case uint32s([UInt32]), int32s([Int32]), float32s([Float]), bools([Bool])
    case strings([String]), uint64s([UInt64]), int64s([Int64]), float64s([Double])

    /// Type tag of the elements.
    public var elementType: GGUFValueType {
        switch self {
        case .uint8s: return .uint8
        case .int8s: return .int8
        case .uint16s: return .uint16
        case .int16s: return .int16
        case .uint32s: return .uint32
        case .int32s: return .int32
        case .float32s: return .float32
        case .bools: return .bool
        case .strings: return .string
        case .uint64s: return .uint64
        case .int64s: return .int64
        case .float64s: return .float64
        }
    }

    /// Number of elements.
    public var count: Int {
        switch self {
        case .uint8s(let a): return a.count
        case .int8s(let a): return a.count
        case .uint16s(let a): return a.count
        case .int16s(let a): return a.count
        case .uint32s(let a): return a.count
        case .int32s(let a): return a.count
        case .float32s(let a): return a.count
        case .bools(let a): return a.count
        case .strings(let a): return a.count
        case .uint64s(let a): return a.count
        case .int64s(let a): return a.count
        case .float64s(let a): return a.count
        }
    }

    /// An empty array with the same element type (what `ollama show` prints for long arrays).
    public var emptied: GGUFArray {
        switch self {
        case .uint8s: return .uint8s([])
        case .int8s: return .int8s([])
        case .uint16s: return .uint16s([])
        case .int16s: return .int16s([])
        case .uint32s: return .uint32s([])
        case .int32s: return .int32s([])
        case .float32s: return .float32s([])
        case .bools: return .bools([])
        case .strings: return .strings([])
        case .uint64s: return .uint64s([])
        case .int64s: return .int64s([])
        case .float64s: return .float64s([])
        }
    }

    /// The elements as `Int`s when the element type is an integer (nil if one does not fit).
    public var ints: [Int]? {
        switch self {
        case .uint8s(let a): return a.map { Int($0) }
        case .int8s(let a): return a.map { Int($0) }
        case .uint16s(let a): return a.map { Int($0) }
        case .int16s(let a): return a.map { Int($0) }
        case .uint32s(let a): return a.map { Int($0) }
        case .int32s(let a): return a.map { Int($0) }
        case .int64s(let a): return a.map { Int($0) }
        case .uint64s(let a):
            var out: [Int] = []
            out.reserveCapacity(a.count)
            for v in a {
                guard let i = Int(exactly: v) else { return nil }
                out.append(i)
            }
            return out
        default: return nil
        }
    }

    /// The elements as `Float`s when the element type is numeric.
    public var floats: [Float]? {
        switch self {
        case .float32s(let a): return a
        case .float64s(let a): return a.map { Float($0) }
        default: return ints?.map { Float($0) }
        }
    }
}
