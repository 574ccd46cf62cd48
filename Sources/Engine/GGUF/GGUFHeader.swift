/// The parsed, validated header of a GGUF file (everything before the data section).
struct GGUFHeader {
    var version: UInt32
    var metadata: GGUFMetadata
    var tensors: [GGUFTensorInfo]
    var alignment: Int
    var dataOffset: Int

    /// The four magic bytes `GGUF` read as a little-endian u32.
    static let magic: UInt32 = 0x4655_4747
    /// Default `general.alignment`.
    static let defaultAlignment = 32
    /// Smallest possible KV pair: u64 key length + u32 type + 1 byte value.
    static let minKVBytes = 13
    /// Smallest possible tensor info: u64 name length + u32 n_dims + one u64 dim + u32 type + u64 offset.
    static let minTensorInfoBytes = 32
    /// ggml's GGML_MAX_DIMS.
    static let maxDims = 4

    /// Parses and validates `count` bytes at `base` (the whole file).
    static func parse(base: UnsafeRawPointer, count: Int) throws -> GGUFHeader {
        var r = GGUFByteReader(base: base, count: count)
        let magic = try r.read(UInt32.self, "magic")
        guard magic == GGUFHeader.magic else { throw GGUFError.notGGUF }
        let version = try r.read(UInt32.self, "version")
        guard version == 2 || version == 3 else { throw GGUFError.unsupportedVersion(version) }
        let tensorCount = try r.read(UInt64.self, "tensor count")
        let kvCount = try r.read(UInt64.self, "metadata count")
        // Check both counts against the bytes left before reserving anything.
        guard tensorCount <= UInt64(r.remaining / minTensorInfoBytes) else {
            throw GGUFError.countTooLarge(what: "tensor count", count: tensorCount)
        }
        guard kvCount <= UInt64(r.remaining / minKVBytes) else {
            throw GGUFError.countTooLarge(what: "metadata count", count: kvCount)
        }
        let metadata = try readMetadata(&r, count: Int(kvCount))
        let alignment = try readAlignment(metadata)
        var infos: [RawTensorInfo] = []
        infos.reserveCapacity(Int(tensorCount))
        for i in 0..<Int(tensorCount) {
            infos.append(try RawTensorInfo.read(&r, index: i))
        }
        let (padded, overflow) = r.position.addingReportingOverflow(alignment - 1)
        guard !overflow else { throw GGUFError.truncated(what: "data section") }
        let dataOffset = padded / alignment * alignment
        if !infos.isEmpty, dataOffset > count {
            throw GGUFError.truncated(what: "data section")
        }
        let tensors = try validate(infos, dataOffset: dataOffset, fileSize: count, alignment: alignment)
        return GGUFHeader(version: version, metadata: metadata, tensors: tensors,
                          alignment: alignment, dataOffset: dataOffset)
    }

    private static func readMetadata(_ r: inout GGUFByteReader, count: Int) throws -> GGUFMetadata {
        var metadata = GGUFMetadata()
        for i in 0..<count {
            let key = try r.readString("key of metadata pair \(i)")
            guard !metadata.contains(key) else { throw GGUFError.duplicateKey(key) }
            let tag = try r.read(UInt32.self, "type of '\(key)'")
            guard let type = GGUFValueType(rawValue: tag) else {
                throw GGUFError.invalidValueType(key: key, type: tag)
            }
            metadata.set(key, try GGUFValueReader.read(&r, type: type, key: key))
        }
        return metadata
    }

    private static func readAlignment(_ metadata: GGUFMetadata) throws -> Int {
        guard let value = metadata["general.alignment"] else { return defaultAlignment }
        guard let a = value.intValue else {
            throw GGUFError.invalidMetadata(key: "general.alignment", reason: "must be an integer")
        }
        guard a > 0, a & (a - 1) == 0, a <= 1 << 30 else {
            throw GGUFError.invalidMetadata(key: "general.alignment",
                                            reason: "must be a non-zero power of two, got \(a)")
        }
        return a
    }

    private static func validate(_ infos: [RawTensorInfo], dataOffset: Int, fileSize: Int,
                                 alignment: Int) throws -> [GGUFTensorInfo] {
        var seen = Set<String>()
        seen.reserveCapacity(infos.count)
        var out: [GGUFTensorInfo] = []
        out.reserveCapacity(infos.count)
        for info in infos {
            guard seen.insert(info.name).inserted else { throw GGUFError.duplicateTensor(info.name) }
            out.append(try info.validated(dataOffset: dataOffset, fileSize: fileSize, alignment: alignment))
        }
        return out
    }
}

/// A tensor info as stored, before validation.
struct RawTensorInfo {
    var name: String
    var dims: [UInt64]
    var type: UInt32
    var offset: UInt64

    static func read(_ r: inout GGUFByteReader, index: Int) throws -> RawTensorInfo {
        let name = try r.readString("name of tensor \(index)")
        let nDims = try r.read(UInt32.self, "dimensions of '\(name)'")
        guard nDims >= 1, nDims <= UInt32(GGUFHeader.maxDims) else {
            throw GGUFError.invalidShape(tensor: name, reason: "has \(nDims) dimensions (1 to 4 allowed)")
        }
        var dims: [UInt64] = []
        for _ in 0..<Int(nDims) { dims.append(try r.read(UInt64.self, "shape of '\(name)'")) }
        let type = try r.read(UInt32.self, "type of '\(name)'")
        let offset = try r.read(UInt64.self, "offset of '\(name)'")
        return RawTensorInfo(name: name, dims: dims, type: type, offset: offset)
    }

    func validated(dataOffset: Int, fileSize: Int, alignment: Int) throws -> GGUFTensorInfo {
        guard let ggmlType = GGMLType(rawValue: type) else {
            throw GGUFError.unknownTensorType(tensor: name, type: type)
        }
        var shape: [Int] = []
        var elements = 1
        for d in dims {
            guard d > 0 else { throw GGUFError.invalidShape(tensor: name, reason: "has a zero dimension") }
            guard let di = Int(exactly: d) else {
                throw GGUFError.invalidShape(tensor: name, reason: "has dimension \(d), too large")
            }
            let (p, overflow) = elements.multipliedReportingOverflow(by: di)
            guard !overflow else {
                throw GGUFError.invalidShape(tensor: name, reason: "has an element count that overflows")
            }
            elements = p
            shape.append(di)
        }
        guard let rowBytes = ggmlType.rowBytes(shape[0]) else {
            throw GGUFError.invalidShape(
                tensor: name,
                reason: "has row length \(shape[0]), not a multiple of the \(ggmlType.name) block size "
                    + "\(ggmlType.blockSize)")
        }
        let (bytes, bytesOverflow) = rowBytes.multipliedReportingOverflow(by: elements / shape[0])
        guard !bytesOverflow, bytes <= fileSize else {
            throw GGUFError.invalidShape(tensor: name, reason: "is larger than the file")
        }
        guard offset % UInt64(alignment) == 0 else {
            throw GGUFError.invalidOffset(
                tensor: name, reason: "has offset \(offset), not a multiple of the alignment \(alignment)")
        }
        guard offset <= UInt64(fileSize), dataOffset + Int(offset) <= fileSize - bytes else {
            throw GGUFError.invalidOffset(tensor: name, reason: "has data past the end of the file")
        }
        return GGUFTensorInfo(name: name, shape: shape, type: ggmlType,
                              offset: dataOffset + Int(offset), byteCount: bytes)
    }
}
