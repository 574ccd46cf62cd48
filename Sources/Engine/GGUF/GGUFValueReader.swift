/// Reads one metadata value of a known type from a bounded cursor.
enum GGUFValueReader {
    static func read(_ r: inout GGUFByteReader, type: GGUFValueType, key: String) throws -> GGUFValue {
        let what = "value of '\(key)'"
        switch type {
        case .uint8: return .uint8(try r.read(UInt8.self, what))
        case .int8: return .int8(try r.read(Int8.self, what))
        case .uint16: return .uint16(try r.read(UInt16.self, what))
        case .int16: return .int16(try r.read(Int16.self, what))
        case .uint32: return .uint32(try r.read(UInt32.self, what))
        case .int32: return .int32(try r.read(Int32.self, what))
        case .float32: return .float32(Float(bitPattern: try r.read(UInt32.self, what)))
        case .bool: return .bool(try r.read(UInt8.self, what) != 0)
        case .string: return .string(try r.readString(what))
        case .uint64: return .uint64(try r.read(UInt64.self, what))
        case .int64: return .int64(try r.read(Int64.self, what))
        case .float64: return .float64(Double(bitPattern: try r.read(UInt64.self, what)))
        case .array: return .array(try readArray(&r, key: key))
        }
    }

    private static func readArray(_ r: inout GGUFByteReader, key: String) throws -> GGUFArray {
        let what = "array '\(key)'"
        let tag = try r.read(UInt32.self, "element type of \(what)")
        guard let type = GGUFValueType(rawValue: tag), type != .array else {
            throw GGUFError.invalidValueType(key: key, type: tag)
        }
        // A string needs at least its 8-byte length, so bound string counts by remaining/8.
        let n = try r.readCount("length of \(what)", elementSize: type.fixedSize ?? 8)
        switch type {
        case .uint8: return .uint8s(try r.readArray(UInt8.self, count: n, what))
        case .int8: return .int8s(try r.readArray(Int8.self, count: n, what))
        case .uint16: return .uint16s(try r.readArray(UInt16.self, count: n, what))
        case .int16: return .int16s(try r.readArray(Int16.self, count: n, what))
        case .uint32: return .uint32s(try r.readArray(UInt32.self, count: n, what))
        case .int32: return .int32s(try r.readArray(Int32.self, count: n, what))
        case .float32: return .float32s(try r.readArray(Float.self, count: n, what))
        case .uint64: return .uint64s(try r.readArray(UInt64.self, count: n, what))
        case .int64: return .int64s(try r.readArray(Int64.self, count: n, what))
        case .float64: return .float64s(try r.readArray(Double.self, count: n, what))
        case .bool: return .bools(try r.readArray(UInt8.self, count: n, what).map { $0 != 0 })
        case .string:
            var strings: [String] = []
            strings.reserveCapacity(n)
            for _ in 0..<n { strings.append(try r.readString(what)) }
            return .strings(strings)
        case .array: throw GGUFError.invalidValueType(key: key, type: tag)
        }
    }
}
