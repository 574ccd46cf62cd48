import Foundation
import Registry

/// The model store as the server sees it: blobs and manifests under `OLLAMA_MODELS`, name
/// resolution, and one lock that serializes every change (create, copy, delete, prune) so that a
/// prune never removes a blob a concurrent create is about to reference.
public final class ModelStore: @unchecked Sendable {
    /// The models directory (`OLLAMA_MODELS`).
    public let root: URL
    public let blobs: BlobStore
    public let manifests: ManifestStore
    /// `OLLAMA_NOPRUNE`: keep orphaned blobs after overwrites and at startup.
    public let noPrune: Bool

    private let writeLock = NSLock()

    public init(root: URL, noPrune: Bool = false) {
        self.root = root
        blobs = BlobStore(root: root)
        manifests = ManifestStore(root: root)
        self.noPrune = noPrune
    }

    /// Runs `body` while holding the store's write lock.
    public func withWriteLock<T>(_ body: () throws -> T) rethrows -> T {
        writeLock.lock()
        defer { writeLock.unlock() }
        return try body()
    }

    /// Parses a request's model name.
    /// - Throws: `APIError` 400 `invalid model name`.
    public func parseName(_ text: String) throws -> ModelName {
        guard let name = ModelName.parse(text) else { throw APIError.invalidModelName }
        return name
    }

    /// The installed name matching `text` ignoring case (ollama `getExistingName`), or nil.
    public func existingName(_ text: String) -> ModelName? {
        guard let name = ModelName.parse(text) else { return nil }
        return manifests.resolve(name)
    }

    /// Resolves a request's model name to its manifest and layers.
    /// - Throws: `APIError` 404 `model '<text>' not found` when absent or unparsable (as ollama),
    ///   500 when the manifest or a layer is unreadable.
    public func resolve(_ text: String) throws -> ResolvedModel {
        guard let name = existingName(text) else { throw APIError.modelNotFound(text) }
        let stored: StoredManifest
        do {
            stored = try manifests.read(name)
        } catch RegistryError.modelNotFound {
            throw APIError.modelNotFound(text)
        } catch let error as RegistryError {
            throw APIError.from(error)
        }
        return try ResolvedModel(stored: stored, blobs: blobs)
    }

    /// Removes blobs no manifest references. `candidates` limits the sweep (e.g. the layers of a
    /// deleted model); such a targeted prune removes them at once, a full sweep only files older
    /// than an hour. Does nothing (nil) under `OLLAMA_NOPRUNE` unless `force`.
    @discardableResult
    public func prune(candidates: Set<Digest>? = nil, force: Bool = false) -> StorePruner.Report? {
        guard force || !noPrune else { return nil }
        return withWriteLock {
            StorePruner.prune(blobs: blobs, manifests: manifests, minimumAge: candidates == nil ? 3600 : 0,
                              candidates: candidates)
        }
    }
}
