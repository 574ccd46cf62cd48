import Foundation

/// Builds a GGUF file (v3 by default) in memory: metadata of every type, then tensors with
/// their data padded to the alignment.
///
/// Used by the tests to make synthetic and corrupt files, and by the safetensors converter.
/// `addRawTensorInfo` and `version` allow writing deliberately invalid files.
public struct GGUFWriter {
    /// A tensor as it will be written.
    struct PendingTensor {
        var name: String
        var dims: [UInt64]
        var type: UInt32
        /// Explicit offset (relative to the data section), or nil to place the data after the previous tensor.
        var offset: UInt64?
        var data: [UInt8]
    }

    /// The version written in the header (3 unless a test wants another).
    public var version: UInt32 = 3
    /// Data alignment; written as `general.alignment` only when not 32 or when set explicitly.
    public private(set) var alignment: Int = 32
    private var metadata = GGUFMetadata()
    private var pending: [PendingTensor] = []

    public init() {}

    /// Adds a metadata pair; `general.alignment` also sets the alignment used for tensor data.
    public mutating func add(_ key: String, _ value: GGUFValue) {
        metadata.set(key, value)
        if key == "general.alignment", let a = value.intValue, a > 0, a & (a - 1) == 0 { alignment = a }
    }

    /// Adds a tensor with its raw data (`data.count` must be the size `type` and `shape` imply).
    ///
    /// - Parameter shape: ggml order, `shape[0]` = row length.
    public mutating func addTensor(name: String, shape: [Int], type: GGMLType, data: [UInt8]) {
        let rows = shape.dropFirst().reduce(1, *)
        precondition(shape.first.flatMap { type.rowBytes($0) }.map { $0 * rows } == data.count,
                     "tensor \(name): \(data.count) bytes do not match shape \(shape) of \(type.name)")
        pending.append(PendingTensor(name: name, dims: shape.map { UInt64($0) }, type: type.rawValue,
                                     offset: nil, data: data))
    }

    /// Adds a tensor of F32 values.
    public mutating func addTensor(name: String, shape: [Int], floats: [Float]) {
        let bytes = floats.withUnsafeBytes { Array($0) }
        addTensor(name: name, shape: shape, type: .f32, data: bytes)
    }

    /// Adds a tensor info without checks (any dims, type id and offset) and optional data bytes.
    /// For writing corrupt files in tests.
    public mutating func addRawTensorInfo(name: String, dims: [UInt64], type: UInt32,
                                          offset: UInt64? = nil, data: [UInt8] = []) {
        pending.append(PendingTensor(name: name, dims: dims, type: type, offset: offset, data: data))
    }

    /// The whole file.
    public func bytes() -> [UInt8] {
        var out = GGUFByteWriter()
        out.u32(GGUFHeader.magic)
        out.u32(version)
        out.u64(UInt64(pending.count))
        out.u64(UInt64(metadata.count))
        for (key, value) in metadata.pairs {
            out.string(key)
            out.u32(value.type.rawValue)
            out.value(value)
        }
        var cursor: UInt64 = 0
        var placements: [UInt64] = []
        for t in pending {
            let offset = t.offset ?? cursor
            placements.append(offset)
            cursor = max(cursor, Self.padded(offset + UInt64(t.data.count), alignment))
            out.string(t.name)
            out.u32(UInt32(t.dims.count))
            for d in t.dims { out.u64(d) }
            out.u32(t.type)
            out.u64(offset)
        }
        out.pad(to: alignment)
        let dataStart = out.bytes.count
        for (t, offset) in zip(pending, placements) where !t.data.isEmpty {
            let start = dataStart + Int(offset)
            if out.bytes.count < start { out.bytes.append(contentsOf: repeatElement(0, count: start - out.bytes.count)) }
            let end = start + t.data.count
            if out.bytes.count < end { out.bytes.append(contentsOf: repeatElement(0, count: end - out.bytes.count)) }
            out.bytes.replaceSubrange(start..<end, with: t.data)
            out.pad(to: alignment)
        }
        return out.bytes
    }

    /// Writes the file to `path` (replacing it).
    public func write(to path: String) throws {
        try Data(bytes()).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private static func padded(_ n: UInt64, _ a: Int) -> UInt64 {
        (n + UInt64(a) - 1) / UInt64(a) * UInt64(a)
    }
}

/// Little-endian serialisation of GGUF primitives.
struct GGUFByteWriter {
    var bytes: [UInt8] = []

    mutating func u32(_ v: UInt32) { append(v) }
    mutating func u64(_ v: UInt64) { append(v) }

    mutating func append<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ s: String) {
        u64(UInt64(s.utf8.count))
        bytes.append(contentsOf: s.utf8)
    }

    mutating func pad(to alignment: Int) {
        let extra = (alignment - bytes.count % alignment) % alignment
        bytes.append(contentsOf: repeatElement(0, count: extra))
    }

    mutating func value(_ v: GGUFValue) {
        switch v {
        case .uint8(let x): append(x)
        case .int8(let x): append(x)
        case .uint16(let x): append(x)
        case .int16(let x): append(x)
        case .uint32(let x): append(x)
        case .int32(let x): append(x)
        case .float32(let x): append(x.bitPattern)
        case .bool(let x): append(UInt8(x ? 1 : 0))
        case .string(let s): string(s)
        case .uint64(let x): append(x)
        case .int64(let x): append(x)
        case .float64(let x): append(x.bitPattern)
        case .array(let a): array(a)
        }
    }

    mutating func array(_ a: GGUFArray) {
        u32(a.elementType.rawValue)
        u64(UInt64(a.count))
        switch a {
        case .uint8s(let xs): xs.forEach { append($0) }
        case .int8s(let xs): xs.forEach { append($0) }
        case .uint16s(let xs): xs.forEach { append($0) }
        case .int16s(let xs): xs.forEach { append($0) }
        case .uint32s(let xs): xs.forEach { append($0) }
        case .int32s(let xs): xs.forEach { append($0) }
        case .float32s(let xs): xs.forEach { append($0.bitPattern) }
        case .bools(let xs): xs.forEach { append(UInt8($0 ? 1 : 0)) }
        case .strings(let xs): xs.forEach { string($0) }
        case .uint64s(let xs): xs.forEach { append($0) }
        case .int64s(let xs): xs.forEach { append($0) }
        case .float64s(let xs): xs.forEach { append($0.bitPattern) }
        }
    }
}
