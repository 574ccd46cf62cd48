import Foundation

/// Writes safetensors files for tests: the 8-byte header length, the JSON header (padded with
/// spaces to 8 bytes), then the tensors' bytes in order.
struct SafetensorsBuilder {
    private var entries: [(name: String, dtype: String, shape: [Int], data: [UInt8])] = []

    mutating func add(_ name: String, shape: [Int], floats: [Float]) {
        precondition(shape.reduce(1, *) == floats.count, "shape matches values")
        entries.append((name, "F32", shape, floats.withUnsafeBytes { Array($0) }))
    }

    mutating func add(_ name: String, dtype: String, shape: [Int], data: [UInt8]) {
        entries.append((name, dtype, shape, data))
    }

    /// The file, with `offsetsOverride` replacing the computed offsets of a named tensor.
    func bytes(offsetsOverride: [String: (Int, Int)] = [:], headerLengthOverride: UInt64? = nil) -> [UInt8] {
        var header = "{\"__metadata__\":{\"format\":\"pt\"}"
        var offset = 0
        var data: [UInt8] = []
        for e in entries {
            let (begin, end) = offsetsOverride[e.name] ?? (offset, offset + e.data.count)
            header += ",\"\(e.name)\":{\"dtype\":\"\(e.dtype)\",\"shape\":\(e.shape),\"data_offsets\":[\(begin),\(end)]}"
            offset += e.data.count
            data += e.data
        }
        header += "}"
        while header.utf8.count % 8 != 0 { header += " " }
        var out: [UInt8] = []
        withUnsafeBytes(of: (headerLengthOverride ?? UInt64(header.utf8.count)).littleEndian) { out += $0 }
        out += Array(header.utf8)
        out += data
        return out
    }

    func write(to url: URL, offsetsOverride: [String: (Int, Int)] = [:]) throws {
        try Data(bytes(offsetsOverride: offsetsOverride)).write(to: url)
    }
}
