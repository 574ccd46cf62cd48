import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin, error-checked wrappers over the POSIX calls the store needs for crash-safe writes.
/// Errors name only a path's last component.
enum FileOps {
    /// Creates a new file exclusively (`O_EXCL`), mode 0644 regardless of the umask.
    static func createExclusive(_ url: URL) throws -> Int32 {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RegistryError.io(operation: "create", file: url.lastPathComponent, errno: errno) }
        _ = fchmod(fd, 0o644)
        return fd
    }

    /// Writes all of `bytes` to `fd`, retrying short writes and EINTR.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, name: String) throws {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw RegistryError.io(operation: "write", file: name, errno: errno)
            }
            p += n
            left -= n
        }
    }

    static func fsyncFile(_ fd: Int32, name: String) throws {
        guard fsync(fd) == 0 else { throw RegistryError.io(operation: "fsync", file: name, errno: errno) }
    }

    /// Flushes a directory entry change (create, rename, unlink) to disk.
    static func fsyncDirectory(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw RegistryError.io(operation: "open", file: url.lastPathComponent, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw RegistryError.io(operation: "fsync", file: url.lastPathComponent, errno: errno) }
    }

    /// Atomically replaces `to` with `from` (same directory).
    static func rename(_ from: URL, to: URL) throws {
        guard Glibc.rename(from.path, to.path) == 0 else {
            throw RegistryError.io(operation: "rename", file: to.lastPathComponent, errno: errno)
        }
    }

    /// Removes a file; a missing file is not an error.
    static func unlinkIfPresent(_ url: URL) {
        _ = unlink(url.path)
    }

    /// Creates `url` and its parents (mode 0755).
    static func makeDirectory(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
        } catch {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let code = underlying?.domain == NSPOSIXErrorDomain ? Int32(underlying?.code ?? Int(EIO)) : EIO
            throw RegistryError.io(operation: "mkdir", file: url.lastPathComponent, errno: code)
        }
    }

    /// `lstat` of a path: nil if it does not exist.
    static func status(_ url: URL) -> stat? {
        var st = stat()
        guard lstat(url.path, &st) == 0 else { return nil }
        return st
    }

    static func isRegularFile(_ st: stat) -> Bool { (st.st_mode & S_IFMT) == S_IFREG }

    /// Modification time of a `stat` result.
    static func modificationDate(_ st: stat) -> Date {
        Date(timeIntervalSince1970: Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9)
    }

    /// A short random suffix for unique temp names.
    static func uniqueSuffix() -> String {
        "\(getpid())-\(UInt64.random(in: 0...UInt64.max) & 0xffff_ffff_ffff)"
    }
}
