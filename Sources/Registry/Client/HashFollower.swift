import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hashes a download's data file while it is being written, following the contiguous run of
/// completed bytes from offset 0, on a thread of its own.
///
/// Parts arrive out of order, but part 0 starts at the beginning, so hashing overlaps the
/// transfer and the digest is ready almost as soon as the last byte lands (the alternative,
/// hashing 250 MB after the download, would add a second or more to every pull). Bytes are read
/// back with `pread` from the page cache; a resumed download re-reads what an earlier run wrote,
/// so resumed data is verified too.
final class HashFollower: @unchecked Sendable {
    private let download: PartialDownload
    private let condition = NSCondition()
    private var stopped = false
    private var result: Result<Digest, any Error>?
    private var hashed: Int64 = 0

    /// Read size for hashing.
    static let chunkSize = 4 << 20

    init(download: PartialDownload) {
        self.download = download
    }

    /// Starts the hashing thread.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "ollama.registry.hash"
        thread.start()
    }

    /// Wakes the thread after new bytes were written.
    func notify() {
        condition.lock()
        condition.signal()
        condition.unlock()
    }

    /// Stops the thread early (transfer failed or cancelled).
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for the digest of all `total` bytes (call once every part is complete).
    func finish() async throws -> Digest {
        notify()
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { [self] in
                condition.lock()
                while result == nil { condition.wait() }
                let value = result
                condition.unlock()
                switch value {
                case let .success(digest)?: continuation.resume(returning: digest)
                case let .failure(error)?: continuation.resume(throwing: error)
                case nil: continuation.resume(throwing: RegistryClientError.cancelled)
                }
            }
        }
    }

    private func run() {
        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        let total = download.total
        var outcome: Result<Digest, any Error>
        loop: while true {
            let frontier = download.contiguousFrontier
            if hashed >= total {
                outcome = .success(hasher.finalize())
                break
            }
            if frontier <= hashed {
                condition.lock()
                if stopped {
                    condition.unlock()
                    outcome = .failure(RegistryClientError.cancelled)
                    break loop
                }
                if download.contiguousFrontier <= hashed { _ = condition.wait(until: Date() + 0.5) }
                condition.unlock()
                continue
            }
            let length = Int(min(Int64(Self.chunkSize), frontier - hashed))
            let n = pread(download.fd, buffer.baseAddress, length, off_t(hashed))
            if n < 0 {
                if errno == EINTR { continue }
                outcome = .failure(RegistryError.io(operation: "read", file: "partial " + download.digest.description,
                                                    errno: errno))
                break
            }
            if n == 0 {
                outcome = .failure(RegistryClientError.protocolViolation("partial file shorter than its parts"))
                break
            }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            WriteBack.start(download.fd, offset: hashed, length: Int64(n))
            hashed += Int64(n)
        }
        condition.lock()
        result = outcome
        condition.broadcast()
        condition.unlock()
    }
}
