import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One tensor of a safetensors file: where its bytes are and how to read them.
public struct SafetensorsTensor: Sendable, Equatable {
    /// Element types of the safetensors format (`dtype` in the header).
    public enum DType: String, Sendable, CaseIterable {
        case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
        case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .f64, .i64: return 8
            case .f32, .i32: return 4
            case .f16, .bf16, .i16: return 2
            case .i8, .u8, .bool: return 1
            }
        }
    }

    /// The tensor name (`encoder.layer.0.attention.self.query.weight`).
    public let name: String
    public let dtype: DType
    /// PyTorch order: the last dimension is contiguous (`[rows, cols]` for a weight matrix).
    public let shape: [Int]
    /// Absolute byte range of the data inside the file.
    public let range: Range<Int>

    /// Number of elements.
    public var elementCount: Int { shape.reduce(1, *) }
}

/// A safetensors file mapped read-only: an 8-byte little-endian header length, a JSON header
/// `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {…}}`, then the data, with
/// offsets relative to the end of the header.
///
/// Everything is validated when the file is opened: the header length against the file size and a
/// cap, every dtype, and every tensor's offsets against its shape and the file size, so reading a
/// tensor later cannot go out of bounds.
public final class SafetensorsFile: @unchecked Sendable {
    /// The largest header accepted (llama.cpp and the reference implementation use 100 MB).
    public static let maxHeaderBytes: UInt64 = 100_000_000

    public let path: String
    public let fileSize: Int
    /// Tensors in header order (sorted by data offset).
    public let tensors: [SafetensorsTensor]
    /// The free-form `__metadata__` strings.
    public let metadata: [String: String]

    private let mapping: UnsafeRawPointer?
    private let index: [String: Int]

    private init(path: String, mapping: UnsafeRawPointer?, fileSize: Int, tensors: [SafetensorsTensor],
                 metadata: [String: String]) {
        self.path = path
        self.mapping = mapping
        self.fileSize = fileSize
        self.tensors = tensors
        self.metadata = metadata
        var index: [String: Int] = [:]
        for (i, t) in tensors.enumerated() { index[t.name] = i }
        self.index = index
    }

    deinit {
        if let mapping { munmap(UnsafeMutableRawPointer(mutating: mapping), fileSize) }
    }

    /// Maps `path` and validates its header.
    /// - Throws: `SafetensorsError`.
    public static func open(path: String) throws -> SafetensorsFile {
        #if canImport(Glibc)
        let fd = Glibc.open(path, O_RDONLY)
        #else
        let fd = Darwin.open(path, O_RDONLY)
        #endif
        guard fd >= 0 else { throw SafetensorsError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            throw SafetensorsError.cannotOpen(path: path, reason: "not a regular file")
        }
        let size = Int(st.st_size)
        guard size >= 8 else { throw SafetensorsError.invalidHeaderLength(path: path, length: 0) }
        guard let raw = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), raw != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw SafetensorsError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        do {
            let parsed = try parse(UnsafeRawBufferPointer(start: raw, count: size), path: path)
            return SafetensorsFile(path: path, mapping: UnsafeRawPointer(raw), fileSize: size,
                                   tensors: parsed.tensors, metadata: parsed.metadata)
        } catch {
            munmap(raw, size)
            throw error
        }
    }

    /// Parses and validates the header of a whole file held in `bytes`.
    package static func parse(_ bytes: UnsafeRawBufferPointer, path: String) throws
        -> (tensors: [SafetensorsTensor], metadata: [String: String]) {
        guard bytes.count >= 8 else { throw SafetensorsError.invalidHeaderLength(path: path, length: 0) }
        let length = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard length >= 2, length <= maxHeaderBytes, length <= UInt64(bytes.count - 8) else {
            throw SafetensorsError.invalidHeaderLength(path: path, length: length)
        }
        let dataStart = 8 + Int(length)
        let json = Data(bytes[8..<dataStart])
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: json)
        } catch {
            throw SafetensorsError.invalidHeader(path: path, reason: "header is not valid JSON")
        }
        guard let header = object as? [String: Any] else {
            throw SafetensorsError.invalidHeader(path: path, reason: "header is not a JSON object")
        }
        var metadata: [String: String] = [:]
        var tensors: [SafetensorsTensor] = []
        let dataBytes = bytes.count - dataStart
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value as? [String: Any] else {
                    throw SafetensorsError.invalidHeader(path: path, reason: "__metadata__ is not an object")
                }
                for (k, v) in m { if let s = v as? String { metadata[k] = s } }
                continue
            }
            tensors.append(try tensor(name, value, dataStart: dataStart, dataBytes: dataBytes))
        }
        tensors.sort { $0.range.lowerBound != $1.range.lowerBound ? $0.range.lowerBound < $1.range.lowerBound : $0.name < $1.name }
        return (tensors, metadata)
    }

    private static func tensor(_ name: String, _ value: Any, dataStart: Int, dataBytes: Int) throws -> SafetensorsTensor {
        guard let entry = value as? [String: Any], let dtypeName = entry["dtype"] as? String,
              let shapeValues = entry["shape"] as? [Any], let offsetValues = entry["data_offsets"] as? [Any],
              offsetValues.count == 2
        else { throw SafetensorsError.invalidOffsets(tensor: name, reason: "entry needs dtype, shape and data_offsets") }
        guard let dtype = SafetensorsTensor.DType(rawValue: dtypeName) else {
            throw SafetensorsError.unsupportedDType(tensor: name, dtype: dtypeName)
        }
        func integer(_ v: Any) -> Int? {
            guard let n = v as? NSNumber else { return nil }
            let d = n.doubleValue
            guard d >= 0, d <= 9.0e15, d == d.rounded() else { return nil }
            return Int(d)
        }
        var shape: [Int] = []
        var count = 1
        for v in shapeValues {
            guard let d = integer(v) else { throw SafetensorsError.invalidOffsets(tensor: name, reason: "invalid shape") }
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= dataBytes else {
                throw SafetensorsError.invalidOffsets(tensor: name, reason: "shape \(shapeValues) is larger than the file")
            }
            shape.append(d)
            count = product
        }
        guard let begin = integer(offsetValues[0]), let end = integer(offsetValues[1]), begin <= end else {
            throw SafetensorsError.invalidOffsets(tensor: name, reason: "data_offsets are not an increasing pair")
        }
        guard end <= dataBytes else {
            throw SafetensorsError.invalidOffsets(
                tensor: name, reason: "data_offsets [\(begin), \(end)] run past the end of the file (\(dataBytes) data bytes)")
        }
        guard end - begin == count * dtype.size else {
            throw SafetensorsError.invalidOffsets(
                tensor: name, reason: "\(end - begin) bytes do not match shape \(shape) of \(dtype.rawValue)")
        }
        return SafetensorsTensor(name: name, dtype: dtype, shape: shape, range: (dataStart + begin)..<(dataStart + end))
    }

    /// The tensor called `name`.
    public func tensor(named name: String) -> SafetensorsTensor? {
        index[name].map { tensors[$0] }
    }

    /// The raw bytes of `tensor` inside the mapping; valid while this object lives.
    public func bytes(for tensor: SafetensorsTensor) -> UnsafeRawBufferPointer {
        precondition(tensor.range.upperBound <= fileSize, "tensor \(tensor.name) is not from this file")
        return UnsafeRawBufferPointer(start: mapping.map { $0 + tensor.range.lowerBound }, count: tensor.range.count)
    }

    /// The values of a F32, F16 or BF16 tensor as floats, in file order.
    /// - Throws: `SafetensorsError.unsupportedDType` for other dtypes.
    public func floats(_ tensor: SafetensorsTensor) throws -> [Float] {
        let raw = bytes(for: tensor)
        let n = tensor.elementCount
        var out = [Float](repeating: 0, count: n)
        try out.withUnsafeMutableBufferPointer { dst in
            guard let d = dst.baseAddress, let src = raw.baseAddress else { return }
            switch tensor.dtype {
            case .f32:
                for i in 0..<n { d[i] = Float(bitPattern: UInt32(littleEndian: src.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
            case .f16:
                for i in 0..<n { d[i] = Float(src.loadUnaligned(fromByteOffset: 2 * i, as: Float16.self)) }
            case .bf16:
                for i in 0..<n {
                    d[i] = Float(bitPattern: UInt32(UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) << 16)
                }
            default:
                throw SafetensorsError.unsupportedDType(tensor: tensor.name, dtype: tensor.dtype.rawValue)
            }
        }
        return out
    }
}
