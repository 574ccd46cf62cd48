import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SHA256 {
    /// Read size used when hashing files: large enough that syscalls cost nothing next to hashing.
    static let fileBufferSize = 4 << 20

    /// Hashes the whole file at `url`, reading it in 4 MiB chunks.
    ///
    /// - Throws: `RegistryError.io` if the file cannot be opened or read.
    public static func hash(fileAt url: URL) throws -> Digest {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RegistryError.io(operation: "open", file: url.lastPathComponent, errno: errno) }
        defer { close(fd) }
        var hasher = SHA256()
        try hasher.update(fileDescriptor: fd, name: url.lastPathComponent)
        return hasher.finalize()
    }

    /// Hashes everything readable from `fd` until end of file.
    mutating func update(fileDescriptor fd: Int32, name: String) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.fileBufferSize, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw RegistryError.io(operation: "read", file: name, errno: errno)
            }
            if n == 0 { return }
            update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }
}
