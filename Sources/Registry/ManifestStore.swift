import Foundation

/// Manifests under `<root>/manifests/<host>/<namespace>/<model>/<tag>` (ollama's layout).
///
/// Reads keep the raw bytes, because a model's `digest` in `/api/tags` is the SHA-256 of the
/// manifest file. Writes go through a temp file, fsync and rename. Listing never fails because
/// of one bad file: it is returned with the reason.
public struct ManifestStore: Sendable {
    /// The models directory (`OLLAMA_MODELS`).
    public let root: URL

    public init(root: URL) { self.root = root }

    /// `<root>/manifests`.
    public var directory: URL { root.appendingPathComponent("manifests", isDirectory: true) }

    /// The manifest file of `name`, built from encoded parts and checked to stay in the store.
    /// - Throws: `RegistryError.pathOutsideStore` if the joined path would escape (never for
    ///   a valid name; this is a second line of defence).
    public func path(for name: ModelName) throws -> URL {
        var url = directory
        for component in name.manifestPathComponents {
            url.appendPathComponent(component, isDirectory: false)
        }
        let base = directory.standardizedFileURL.path + "/"
        let resolved = url.standardizedFileURL.path
        guard resolved.hasPrefix(base), resolved.split(separator: "/").count == base.split(separator: "/").count + 4
        else { throw RegistryError.pathOutsideStore }
        return url
    }

    /// Reads the manifest of `name` exactly as stored.
    /// - Throws: `RegistryError.modelNotFound` (shortest name) or `.invalidManifest`.
    public func read(_ name: ModelName) throws -> StoredManifest {
        let url = try path(for: name)
        guard let st = FileOps.status(url), FileOps.isRegularFile(st),
              let data = FileManager.default.contents(atPath: url.path)
        else { throw RegistryError.modelNotFound(name.displayShortest) }
        return StoredManifest(name: name, manifest: try Manifest.decode(data), raw: data,
                              modified: FileOps.modificationDate(st))
    }

    /// True when a manifest file exists for exactly this name (case-sensitive).
    public func exists(_ name: ModelName) -> Bool {
        guard let url = try? path(for: name), let st = FileOps.status(url) else { return false }
        return FileOps.isRegularFile(st)
    }

    /// The stored name that matches `name` ignoring case, with its on-disk casing; nil if none.
    /// An exact match wins over a case-insensitive one.
    public func resolve(_ name: ModelName) -> ModelName? {
        if exists(name) { return name }
        return listNames().first { $0.matches(name) }
    }

    /// Modification time of the manifest file (the `modified_at` of `/api/tags`).
    public func modificationTime(of name: ModelName) throws -> Date {
        guard let st = FileOps.status(try path(for: name)) else {
            throw RegistryError.modelNotFound(name.displayShortest)
        }
        return FileOps.modificationDate(st)
    }

    /// Writes `manifest` for `name` (ollama's byte layout) and returns the stored form.
    @discardableResult
    public func write(_ manifest: Manifest, for name: ModelName) throws -> StoredManifest {
        try write(raw: manifest.jsonData(), for: name)
    }

    /// Writes manifest bytes verbatim (as pulled), after checking they decode.
    @discardableResult
    public func write(raw data: Data, for name: ModelName) throws -> StoredManifest {
        let manifest = try Manifest.decode(data)
        let url = try path(for: name)
        let parent = url.deletingLastPathComponent()
        try FileOps.makeDirectory(parent)
        let temp = parent.appendingPathComponent(BlobStore.tempPrefix + url.lastPathComponent + "-" + FileOps.uniqueSuffix())
        let fd = try FileOps.createExclusive(temp)
        do {
            try data.withUnsafeBytes { try FileOps.writeAll(fd, $0, name: "manifest") }
            try FileOps.fsyncFile(fd, name: "manifest")
            close(fd)
            try FileOps.rename(temp, to: url)
            try FileOps.fsyncDirectory(parent)
        } catch {
            close(fd)
            FileOps.unlinkIfPresent(temp)
            throw error
        }
        let modified = FileOps.status(url).map(FileOps.modificationDate) ?? Date()
        return StoredManifest(name: name, manifest: manifest, raw: data, modified: modified)
    }

    /// Removes the manifest of `name` and then every directory left empty up to `manifests/`.
    /// - Throws: `RegistryError.modelNotFound` if there is no such manifest.
    public func delete(_ name: ModelName) throws {
        let url = try path(for: name)
        guard FileOps.status(url) != nil else { throw RegistryError.modelNotFound(name.displayShortest) }
        guard unlink(url.path) == 0 else {
            throw RegistryError.io(operation: "remove", file: "manifest", errno: errno)
        }
        var dir = url.deletingLastPathComponent()
        let stop = directory.standardizedFileURL.path
        while dir.standardizedFileURL.path.hasPrefix(stop + "/"), rmdir(dir.path) == 0 {
            dir = dir.deletingLastPathComponent()
        }
        try? FileOps.fsyncDirectory(dir)
    }

    /// Every manifest file at depth 4 (`manifests/*/*/*/*`), decoded or with the reason it is
    /// broken, sorted by name.
    public func list() -> [ManifestListing] {
        var out: [ManifestListing] = []
        let fm = FileManager.default
        func children(_ url: URL) -> [String] {
            ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        }
        for host in children(directory) {
            let h = directory.appendingPathComponent(host)
            for namespace in children(h) {
                let n = h.appendingPathComponent(namespace)
                for model in children(n) {
                    let m = n.appendingPathComponent(model)
                    for tag in children(m) {
                        let file = m.appendingPathComponent(tag)
                        guard let st = FileOps.status(file), FileOps.isRegularFile(st) else { continue }
                        let relative = "\(host)/\(namespace)/\(model)/\(tag)"
                        out.append(listing(file: file, relative: relative, parts: (host, namespace, model, tag), stat: st))
                    }
                }
            }
        }
        return out
    }

    /// Names of all readable manifests (valid names only).
    public func listNames() -> [ModelName] { list().compactMap(\.name) }

    private func listing(file: URL, relative: String, parts: (String, String, String, String), stat: stat)
        -> ManifestListing {
        let modified = FileOps.modificationDate(stat)
        guard let name = try? ModelName(host: parts.0, namespace: parts.1, model: parts.2, tag: parts.3) else {
            return ManifestListing(path: relative, name: nil, modified: modified,
                                   result: .failure(.invalidName(relative)),
                                   rawBytes: FileManager.default.contents(atPath: file.path))
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            return ManifestListing(path: relative, name: name, modified: modified,
                                   result: .failure(.io(operation: "read", file: "manifest", errno: EACCES)))
        }
        do {
            let manifest = try Manifest.decode(data)
            return ManifestListing(path: relative, name: name, modified: modified,
                                   result: .success(StoredManifest(name: name, manifest: manifest, raw: data, modified: modified)))
        } catch let error as RegistryError {
            return ManifestListing(path: relative, name: name, modified: modified, result: .failure(error), rawBytes: data)
        } catch {
            return ManifestListing(path: relative, name: name, modified: modified,
                                   result: .failure(.invalidManifest("unreadable")), rawBytes: data)
        }
    }
}

/// A manifest as stored on disk.
public struct StoredManifest: Sendable, Equatable {
    public let name: ModelName
    public let manifest: Manifest
    /// The exact file bytes.
    public let raw: Data
    public let modified: Date

    /// SHA-256 of the file bytes: the model `digest` of `/api/tags` (hex, no prefix there).
    public var digest: Digest { SHA256.hash(raw) }
}

/// One entry of `ManifestStore.list()`: a good manifest, or a broken one with its reason.
public struct ManifestListing: Sendable {
    /// `host/namespace/model/tag` relative to `manifests/`.
    public let path: String
    /// The name, or nil when the directory names are not a valid name.
    public let name: ModelName?
    public let modified: Date
    public let result: Result<StoredManifest, RegistryError>
    /// The file bytes of a broken manifest, so that pruning can keep the blobs it mentions.
    var rawBytes: Data? = nil

    /// The reason the manifest is unusable, or nil when it is fine.
    public var failure: RegistryError? {
        if case let .failure(error) = result { return error }
        return nil
    }
}

extension ManifestStore {
    /// Removes empty directories under `manifests/` (bottom-up), as ollama does at startup.
    public func removeEmptyDirectories() {
        func sweep(_ url: URL, depth: Int) {
            guard depth < 4, let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return }
            for name in names {
                let child = url.appendingPathComponent(name)
                if let st = FileOps.status(child), (st.st_mode & S_IFMT) == S_IFDIR {
                    sweep(child, depth: depth + 1)
                    _ = rmdir(child.path)
                }
            }
        }
        sweep(directory, depth: 0)
    }
}
