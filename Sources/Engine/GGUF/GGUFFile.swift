#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A GGUF file mapped read-only into memory: header, metadata and tensor infos parsed and
/// validated, tensor data left in the mapping.
///
/// Layout (GGUF v2/v3, little-endian): magic `GGUF`, u32 version, u64 tensor count, u64 KV
/// count, the KV pairs, the tensor infos, padding to `general.alignment` (default 32), then
/// the data section; a tensor's stored offset is relative to the data section.
public final class GGUFFile: @unchecked Sendable {
    /// The path the file was opened from.
    public let path: String
    /// 2 or 3.
    public let version: UInt32
    /// Size of the file in bytes.
    public let fileSize: Int
    /// Key/value pairs in file order.
    public let metadata: GGUFMetadata
    /// Tensor infos in file order.
    public let tensors: [GGUFTensorInfo]
    /// `general.alignment` (default 32).
    public let alignment: Int
    /// Absolute file offset of the data section.
    public let dataOffset: Int

    private let mapping: UnsafeRawPointer
    private let index: [String: Int]

    private init(path: String, mapping: UnsafeRawPointer, fileSize: Int, header: GGUFHeader) {
        self.path = path
        self.mapping = mapping
        self.fileSize = fileSize
        self.version = header.version
        self.metadata = header.metadata
        self.tensors = header.tensors
        self.alignment = header.alignment
        self.dataOffset = header.dataOffset
        var index: [String: Int] = [:]
        index.reserveCapacity(header.tensors.count)
        for (i, t) in header.tensors.enumerated() { index[t.name] = i }
        self.index = index
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: mapping), fileSize)
    }

    /// Maps `path` (PROT_READ, MAP_PRIVATE) and parses its header.
    ///
    /// - Throws: `GGUFError` for an unreadable file or any structural problem.
    public static func open(path: String) throws -> GGUFFile {
        #if canImport(Glibc)
        let fd = Glibc.open(path, O_RDONLY)
        #else
        let fd = Darwin.open(path, O_RDONLY)
        #endif
        guard fd >= 0 else { throw GGUFError.cannotOpen(path: path, reason: errnoText()) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw GGUFError.cannotOpen(path: path, reason: errnoText()) }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw GGUFError.cannotOpen(path: path, reason: "not a regular file")
        }
        let size = Int(st.st_size)
        // The fixed header is 24 bytes; anything shorter cannot be GGUF (and mmap of 0 bytes fails).
        guard size >= 4 else { throw GGUFError.notGGUF }
        guard let raw = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0),
              raw != UnsafeMutableRawPointer(bitPattern: -1)
        else { throw GGUFError.cannotOpen(path: path, reason: errnoText()) }
        let base = UnsafeRawPointer(raw)
        do {
            let header = try GGUFHeader.parse(base: base, count: size)
            return GGUFFile(path: path, mapping: base, fileSize: size, header: header)
        } catch {
            munmap(raw, size)
            throw error
        }
    }

    /// The tensor called `name`, in O(1).
    public func tensor(named name: String) -> GGUFTensorInfo? {
        index[name].map { tensors[$0] }
    }

    /// The first byte of `tensor`'s data inside the mapping; valid while this object lives.
    public func data(for tensor: GGUFTensorInfo) -> UnsafeRawPointer {
        precondition(tensor.offset >= 0 && tensor.offset + tensor.byteCount <= fileSize,
                     "tensor \(tensor.name) is not from this file")
        return mapping + tensor.offset
    }

    /// The bytes of `tensor`'s data inside the mapping; valid while this object lives.
    public func bytes(for tensor: GGUFTensorInfo) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: data(for: tensor), count: tensor.byteCount)
    }

    /// Total number of elements of all tensors (the model's parameter count).
    public var parameterCount: Int {
        tensors.reduce(0) { $0 &+ $1.elementCount }
    }
}

/// The text of the current `errno`.
private func errnoText() -> String {
    String(cString: strerror(errno))
}

// MARK: - Parsing without a file

extension GGUFFile {
    /// Parses and validates a whole GGUF file held in memory (tests, and checking a buffer
    /// before it is written).
    ///
    /// - Throws: `GGUFError` exactly as `open(path:)` would.
    package static func parseHeader(
        bytes: UnsafeRawBufferPointer
    ) throws -> (version: UInt32, metadata: GGUFMetadata, tensors: [GGUFTensorInfo]) {
        guard bytes.count >= 4, let base = bytes.baseAddress else { throw GGUFError.notGGUF }
        let header = try GGUFHeader.parse(base: base, count: bytes.count)
        return (header.version, header.metadata, header.tensors)
    }
}
