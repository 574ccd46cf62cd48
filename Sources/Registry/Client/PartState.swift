import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The persisted progress of one byte range of a download, ollama's `-partial-N` JSON:
/// `{"N":0,"Offset":0,"Size":104857600,"Completed":52428800}`.
///
/// `Completed` is only ever written after those bytes were written to the data file, so a
/// restart may redo a few megabytes but never skips any.
package struct PartState: Codable, Equatable, Sendable {
    package var N: Int
    package var Offset: Int64
    package var Size: Int64
    package var Completed: Int64

    var remaining: Int64 { Size - Completed }
    var isComplete: Bool { Completed >= Size }
    /// First byte still to fetch.
    var nextByte: Int64 { Offset + Completed }
    /// Last byte of the part (inclusive, as in `Range: bytes=a-b`).
    var lastByte: Int64 { Offset + Size - 1 }

    /// Splits `total` bytes into parts of `total/16` clamped to `[minSize, maxSize]`.
    package static func layout(total: Int64, minSize: Int64, maxSize: Int64) -> [PartState] {
        guard total > 0 else { return [] }
        let size = max(1, min(max(total / 16, minSize), maxSize))
        var parts: [PartState] = []
        var offset: Int64 = 0
        while offset < total {
            let length = min(size, total - offset)
            parts.append(PartState(N: parts.count, Offset: offset, Size: length, Completed: 0))
            offset += length
        }
        return parts
    }

    /// True when `parts` are numbered 0…n-1 and tile `[0, total)` with sane progress.
    package static func isValidLayout(_ parts: [PartState], total: Int64) -> Bool {
        var offset: Int64 = 0
        for (i, part) in parts.enumerated() {
            guard part.N == i, part.Offset == offset, part.Size > 0, (0...part.Size).contains(part.Completed)
            else { return false }
            offset += part.Size
        }
        return offset == total && (total == 0) == parts.isEmpty
    }

    /// Reads a state file (at most 4 KiB); nil when absent or unreadable.
    static func load(_ url: URL) -> PartState? {
        guard let st = FileOps.status(url), FileOps.isRegularFile(st), st.st_size <= 4096,
              let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? JSONDecoder().decode(PartState.self, from: data)
    }

    /// Writes the state atomically (temp file + rename; no fsync: the final digest check covers a
    /// power loss, and a process kill keeps the page cache).
    func save(to url: URL) throws {
        let text = "{\"N\":\(N),\"Offset\":\(Offset),\"Size\":\(Size),\"Completed\":\(Completed)}"
        let temp = url.deletingLastPathComponent().appendingPathComponent(
            BlobStore.tempPrefix + url.lastPathComponent + "-" + FileOps.uniqueSuffix())
        let fd = try FileOps.createExclusive(temp)
        do {
            try Array(text.utf8).withUnsafeBytes { try FileOps.writeAll(fd, $0, name: "part state") }
            close(fd)
            try FileOps.rename(temp, to: url)
        } catch {
            close(fd)
            FileOps.unlinkIfPresent(temp)
            throw error
        }
    }
}
