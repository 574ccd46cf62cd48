import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The on-disk state of one blob download: the `-partial` data file (locked with `flock` while
/// open, so that a second process or a pruner can tell it is in use) and its part states.
///
/// Opening restores the parts of an earlier, interrupted download when they still describe a
/// data file of the right size, and starts over otherwise. Bytes are written with `pwrite` at
/// their offset; a part's `Completed` grows only after its bytes were written, and is saved at
/// least every `saveInterval` bytes. `publish` renames the data file to the blob's name and
/// removes the part files; `discard` removes everything.
final class PartialDownload: @unchecked Sendable {
    let digest: Digest
    let total: Int64
    let store: BlobStore
    let fd: Int32
    /// Bytes already on disk when the download was opened (resumed progress).
    let resumedBytes: Int64

    /// Save a part's state after this many new bytes.
    static let saveInterval: Int64 = 4 << 20

    private let lock = NSLock()
    private var parts: [PartState]
    private var savedCompleted: [Int64]
    private var closed = false

    private init(digest: Digest, total: Int64, store: BlobStore, fd: Int32, parts: [PartState]) {
        self.digest = digest
        self.total = total
        self.store = store
        self.fd = fd
        self.parts = parts
        savedCompleted = parts.map(\.Completed)
        resumedBytes = parts.reduce(0) { $0 + $1.Completed }
    }

    deinit { close() }

    /// Opens (or creates) the partial download of `digest`, waiting while another process holds it.
    /// Returns nil if the blob appeared in the meantime (the other holder finished it).
    static func open(store: BlobStore, digest: Digest, total: Int64, minPartSize: Int64, maxPartSize: Int64)
        async throws -> PartialDownload? {
        try FileOps.makeDirectory(store.directory)
        let url = store.partialPath(of: digest)
        while true {
            let fd = Glibc.open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw RegistryError.io(operation: "open", file: url.lastPathComponent, errno: errno) }
            do {
                try await lockExclusive(fd, name: url.lastPathComponent)
                // The holder we waited for may have published or discarded the file: start again
                // on whatever the path names now.
                guard isCurrent(fd, url) else {
                    Glibc.close(fd)
                    continue
                }
                if store.has(digest) {
                    FileOps.unlinkIfPresent(url)
                    Glibc.close(fd)
                    return nil
                }
                var parts = restoreParts(store: store, digest: digest, total: total, fd: fd)
                if parts == nil {
                    let fresh = PartState.layout(total: total, minSize: minPartSize, maxSize: maxPartSize)
                    try resetDataFile(fd, total: total, name: url.lastPathComponent)
                    for part in fresh { try part.save(to: store.partStatePath(of: digest, index: part.N)) }
                    removeStaleStates(store: store, digest: digest, from: fresh.count)
                    parts = fresh
                }
                return PartialDownload(digest: digest, total: total, store: store, fd: fd, parts: parts ?? [])
            } catch {
                Glibc.close(fd)
                throw error
            }
        }
    }

    /// True when a download (in this or another process) holds the lock of the data file `url`.
    static func isActive(_ url: URL) -> Bool {
        let fd = Glibc.open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return errno == EWOULDBLOCK }
        _ = flock(fd, LOCK_UN)
        return false
    }

    /// True when `fd` is still the file at `url` (same device and inode).
    private static func isCurrent(_ fd: Int32, _ url: URL) -> Bool {
        var open = stat(), named = stat()
        guard fstat(fd, &open) == 0, lstat(url.path, &named) == 0 else { return false }
        return open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    /// `flock(LOCK_EX)` without blocking a thread: polls every 100 ms, honouring cancellation.
    private static func lockExclusive(_ fd: Int32, name: String) async throws {
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw RegistryError.io(operation: "lock", file: name, errno: errno)
            }
            if Task.isCancelled { throw RegistryClientError.cancelled }
            try? await Task.sleep(nanoseconds: 100_000_000)
        }
    }

    /// The saved parts, if they form a valid layout for a data file of exactly `total` bytes.
    private static func restoreParts(store: BlobStore, digest: Digest, total: Int64, fd: Int32) -> [PartState]? {
        var st = stat()
        guard fstat(fd, &st) == 0, Int64(st.st_size) == total else { return nil }
        var parts: [PartState] = []
        while let part = PartState.load(store.partStatePath(of: digest, index: parts.count)) {
            parts.append(part)
            if parts.count > 100_000 { return nil }
        }
        return PartState.isValidLayout(parts, total: total) ? parts : nil
    }

    private static func resetDataFile(_ fd: Int32, total: Int64, name: String) throws {
        guard ftruncate(fd, 0) == 0, ftruncate(fd, off_t(total)) == 0 else {
            throw RegistryError.io(operation: "truncate", file: name, errno: errno)
        }
    }

    /// Removes part state files numbered `from` and up (left by an older layout).
    private static func removeStaleStates(store: BlobStore, digest: Digest, from index: Int) {
        var i = index
        while FileOps.status(store.partStatePath(of: digest, index: i)) != nil {
            FileOps.unlinkIfPresent(store.partStatePath(of: digest, index: i))
            i += 1
        }
    }

    // MARK: - Progress

    /// A snapshot of the parts.
    var snapshot: [PartState] { lock.withLock { parts } }

    /// Bytes on disk over all parts.
    var completedBytes: Int64 { lock.withLock { parts.reduce(0) { $0 + $1.Completed } } }

    /// The end of the contiguous run of written bytes from offset 0 (what can be hashed).
    var contiguousFrontier: Int64 {
        lock.withLock {
            for part in parts where !part.isComplete { return part.nextByte }
            return total
        }
    }

    /// Writes bytes that continue part `index` at its `nextByte`.
    /// - Throws: `RegistryClientError.protocolViolation` if they would run past the part's end.
    func write(_ data: Data, part index: Int) throws {
        let (offset, room) = lock.withLock { (parts[index].nextByte, parts[index].remaining) }
        guard Int64(data.count) <= room else {
            throw RegistryClientError.protocolViolation("more bytes than requested")
        }
        try data.withUnsafeBytes { buffer in
            guard var p = buffer.baseAddress else { return }
            var left = buffer.count
            var at = off_t(offset)
            while left > 0 {
                let n = pwrite(fd, p, left, at)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw RegistryError.io(operation: "write", file: "partial " + digest.description, errno: errno)
                }
                p += n
                left -= n
                at += off_t(n)
            }
        }
        let toSave: PartState? = lock.withLock {
            parts[index].Completed += Int64(data.count)
            let part = parts[index]
            guard part.isComplete || part.Completed - savedCompleted[index] >= Self.saveInterval else { return nil }
            savedCompleted[index] = part.Completed
            return part
        }
        if let toSave { try toSave.save(to: store.partStatePath(of: digest, index: index)) }
    }

    /// Saves every part whose progress is not yet on disk (called when a transfer stops).
    func saveAll() {
        let pending: [PartState] = lock.withLock {
            var out: [PartState] = []
            for i in parts.indices where parts[i].Completed != savedCompleted[i] {
                savedCompleted[i] = parts[i].Completed
                out.append(parts[i])
            }
            return out
        }
        for part in pending { try? part.save(to: store.partStatePath(of: digest, index: part.N)) }
    }

    // MARK: - Finish

    /// fsyncs the data, renames it to the blob's name, removes the part files, fsyncs `blobs/`.
    /// Call only after the digest was verified.
    func publish() throws {
        try FileOps.fsyncFile(fd, name: "blob " + digest.description)
        try FileOps.rename(store.partialPath(of: digest), to: store.path(of: digest))
        removeStateFiles()
        try FileOps.fsyncDirectory(store.directory)
        close()
    }

    /// Removes the data file and every part file (a failed verification: start again next time).
    func discard() {
        FileOps.unlinkIfPresent(store.partialPath(of: digest))
        removeStateFiles()
        close()
    }

    private func removeStateFiles() {
        let count = lock.withLock { parts.count }
        for i in 0..<count { FileOps.unlinkIfPresent(store.partStatePath(of: digest, index: i)) }
        Self.removeStaleStates(store: store, digest: digest, from: count)
    }

    /// Releases the lock and the descriptor (the files stay for a later resume).
    func close() {
        let wasOpen = lock.withLock { () -> Bool in
            defer { closed = true }
            return !closed
        }
        if wasOpen { Glibc.close(fd) }
    }
}
