import Foundation

/// Content-addressed blobs under `<root>/blobs/sha256-<hex>` (ollama's layout, files 0644).
///
/// Every write goes to a uniquely named temp file in `blobs/`, is hashed while written, is
/// fsynced, and becomes visible only by `rename` after its digest matched; then the directory is
/// fsynced. A mismatch deletes the temp file, so bytes that do not hash to their name never
/// appear in the store. Two writers of the same digest each use their own temp file and the
/// last rename wins with identical bytes, so they cannot corrupt each other.
public struct BlobStore: Sendable {
    /// The models directory (`OLLAMA_MODELS`).
    public let root: URL

    public init(root: URL) { self.root = root }

    /// `<root>/blobs`.
    public var directory: URL { root.appendingPathComponent("blobs", isDirectory: true) }

    /// Prefix of temp files made by writers (hidden, never a valid blob name).
    static let tempPrefix = ".tmp-"

    /// The file of a blob. This is the only function that maps a digest to a path.
    public func path(of digest: Digest) -> URL {
        directory.appendingPathComponent("sha256-" + digest.hex, isDirectory: false)
    }

    /// True when the blob's file exists as a regular file.
    public func has(_ digest: Digest) -> Bool {
        FileOps.status(path(of: digest)).map(FileOps.isRegularFile) ?? false
    }

    /// Size in bytes of a stored blob.
    /// - Throws: `RegistryError.blobNotFound` when it is absent.
    public func size(of digest: Digest) throws -> Int64 {
        guard let st = FileOps.status(path(of: digest)), FileOps.isRegularFile(st) else {
            throw RegistryError.blobNotFound(digest)
        }
        return Int64(st.st_size)
    }

    /// Starts an incremental write of a blob that must hash to `expected`.
    public func begin(expected: Digest) throws -> BlobWriter {
        try FileOps.makeDirectory(directory)
        return try BlobWriter(store: self, expected: expected)
    }

    /// Stores `bytes` as the blob `expected`. Returns true if the blob was created, false if it
    /// was already present (the bytes are then still verified before being discarded).
    @discardableResult
    public func write<Bytes: DataProtocol>(_ bytes: Bytes, expected: Digest) throws -> Bool {
        let writer = try begin(expected: expected)
        do { try writer.append(bytes) } catch { writer.abort(); throw error }
        return try writer.commit()
    }

    /// Copies the file at `source` into the store as the blob `expected`.
    @discardableResult
    public func write(contentsOf source: URL, expected: Digest) throws -> Bool {
        let writer = try begin(expected: expected)
        do { try writer.append(contentsOf: source) } catch { writer.abort(); throw error }
        return try writer.commit()
    }

    /// Stores the chunks of an async byte stream (e.g. an HTTP request body) as `expected`.
    @discardableResult
    public func write<Chunks: AsyncSequence>(from chunks: Chunks, expected: Digest) async throws -> Bool
    where Chunks.Element: DataProtocol {
        let writer = try begin(expected: expected)
        do {
            for try await chunk in chunks { try writer.append(chunk) }
        } catch {
            writer.abort()
            throw error
        }
        return try writer.commit()
    }

    /// Deletes a blob; a missing blob is not an error.
    public func remove(_ digest: Digest) {
        FileOps.unlinkIfPresent(path(of: digest))
    }

    /// Every entry of `blobs/` with its kind, size and modification time.
    public func entries() -> [BlobEntry] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return names.sorted().compactMap { name in
            let url = directory.appendingPathComponent(name)
            guard let st = FileOps.status(url), FileOps.isRegularFile(st) else { return nil }
            return BlobEntry(fileName: name, digest: BlobEntry.digest(ofFileName: name),
                             size: Int64(st.st_size), modified: FileOps.modificationDate(st))
        }
    }
}

/// One file in `blobs/`: a complete blob (`digest` set) or anything else (partials, temps).
public struct BlobEntry: Sendable, Equatable {
    public let fileName: String
    /// The digest when the name is exactly `sha256-<64 hex>`; nil for partials and temps.
    public let digest: Digest?
    public let size: Int64
    public let modified: Date

    /// The digest named by a complete blob file name, or nil.
    static func digest(ofFileName name: String) -> Digest? {
        guard name.hasPrefix("sha256-"), name.utf8.count == 71 else { return nil }
        return try? Digest(parsing: name)
    }
}

extension BlobStore {
    /// Renames blobs stored under the old `sha256:<hex>` name to `sha256-<hex>` (ollama does this
    /// at startup). Returns the number of files renamed.
    @discardableResult
    public func migrateColonNames() throws -> Int {
        var count = 0
        for entry in entries() where entry.fileName.hasPrefix("sha256:") {
            guard let digest = try? Digest(parsing: entry.fileName), entry.fileName.utf8.count == 71 else { continue }
            try FileOps.rename(directory.appendingPathComponent(entry.fileName), to: path(of: digest))
            count += 1
        }
        if count > 0 { try FileOps.fsyncDirectory(directory) }
        return count
    }
}
