import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An in-progress blob write: `append` bytes as they arrive, then `commit()` or `abort()`.
///
/// The bytes go to a temp file in `blobs/` and are hashed on the way; `commit()` fsyncs,
/// verifies the digest and renames the file into place. Dropping an uncommitted writer aborts it.
/// One writer is used by one task at a time.
public final class BlobWriter {
    public let expected: Digest
    /// Bytes appended so far.
    public private(set) var bytesWritten: Int64 = 0

    private let store: BlobStore
    private let tempURL: URL
    private var fd: Int32
    private var hasher = SHA256()

    init(store: BlobStore, expected: Digest) throws {
        self.store = store
        self.expected = expected
        tempURL = store.directory.appendingPathComponent(
            BlobStore.tempPrefix + "sha256-" + expected.hex + "-" + FileOps.uniqueSuffix())
        fd = try FileOps.createExclusive(tempURL)
    }

    deinit { abort() }

    /// Appends raw bytes.
    public func append(_ bytes: UnsafeRawBufferPointer) throws {
        guard fd >= 0 else { throw RegistryError.writerClosed }
        do {
            try FileOps.writeAll(fd, bytes, name: "blob " + expected.description)
        } catch {
            abort()
            throw error
        }
        hasher.update(bytes)
        bytesWritten += Int64(bytes.count)
    }

    /// Appends any byte container (`Data`, `[UInt8]`, slices…).
    public func append<Bytes: DataProtocol>(_ bytes: Bytes) throws {
        for region in bytes.regions {
            try region.withUnsafeBytes { try append($0) }
        }
    }

    /// Appends the whole content of a file, read in 4 MiB chunks.
    public func append(contentsOf source: URL) throws {
        let input = open(source.path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw RegistryError.io(operation: "open", file: source.lastPathComponent, errno: errno) }
        defer { close(input) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: SHA256.fileBufferSize, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = read(input, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw RegistryError.io(operation: "read", file: source.lastPathComponent, errno: errno)
            }
            if n == 0 { return }
            try append(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }

    /// Verifies and publishes the blob. Returns true if it was created, false if an identical
    /// blob already existed.
    /// - Throws: `RegistryError.digestMismatch` (the temp file is deleted) or an I/O error.
    @discardableResult
    public func commit() throws -> Bool {
        guard fd >= 0 else { throw RegistryError.writerClosed }
        let got = hasher.finalize()
        guard got == expected else {
            abort()
            throw RegistryError.digestMismatch(expected: expected, got: got)
        }
        do {
            try FileOps.fsyncFile(fd, name: "blob " + expected.description)
        } catch {
            abort()
            throw error
        }
        close(fd)
        fd = -1
        let existed = store.has(expected)
        do {
            try FileOps.rename(tempURL, to: store.path(of: expected))
            try FileOps.fsyncDirectory(store.directory)
        } catch {
            FileOps.unlinkIfPresent(tempURL)
            throw error
        }
        return !existed
    }

    /// Discards the temp file. Safe to call more than once.
    public func abort() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
        FileOps.unlinkIfPresent(tempURL)
    }
}
