import Foundation

/// Deletes blobs that no manifest references (ollama's startup prune and delete cleanup).
///
/// Safety rules:
/// - A file younger than `minimumAge` is never removed, so blobs uploaded for a `create` that has
///   not written its manifest yet, and writers' temp files, survive.
/// - Download partials (`-partial`, `-partial-N`) and temp files are never removed before one
///   hour, whatever `minimumAge` says, and never while a download holds the partial's lock
///   (whatever their age: a pull paused by a stall or a slow registry stays resumable).
/// - A manifest that cannot be decoded still protects every `sha256:<hex>` its bytes mention.
public enum StorePruner {
    /// The age under which partial downloads and temp files are always kept.
    public static let partialMinimumAge: TimeInterval = 3600

    /// What a prune removed (or would remove, for a dry run).
    public struct Report: Sendable, Equatable {
        /// File names under `blobs/`, sorted.
        public var removed: [String] = []
        public var freedBytes: Int64 = 0
        /// Unreferenced files kept because they are too young.
        public var keptYoung: [String] = []
    }

    /// Removes unreferenced files from `blobs/`.
    /// - Parameters:
    ///   - minimumAge: files modified more recently than this are kept (default 1 h).
    ///   - candidates: if set, only these blobs are considered (e.g. the layers of a deleted model).
    ///   - dryRun: report without deleting.
    @discardableResult
    public static func prune(blobs: BlobStore, manifests: ManifestStore, minimumAge: TimeInterval = 3600,
                             candidates: Set<Digest>? = nil, dryRun: Bool = false, now: Date = Date()) -> Report {
        let referenced = referencedDigests(manifests.list())
        var report = Report()
        for entry in blobs.entries() {
            if let digest = entry.digest {
                if referenced.contains(digest) { continue }
                if let candidates, !candidates.contains(digest) { continue }
            } else if candidates != nil {
                continue
            }
            if entry.digest == nil, let owner = BlobStore.partialOwner(ofFileName: entry.fileName),
               PartialDownload.isActive(blobs.directory.appendingPathComponent(owner + "-partial")) {
                report.keptYoung.append(entry.fileName)
                continue
            }
            let age = now.timeIntervalSince(entry.modified)
            let required = entry.digest == nil ? max(minimumAge, partialMinimumAge) : minimumAge
            guard age >= required else {
                report.keptYoung.append(entry.fileName)
                continue
            }
            if !dryRun {
                FileOps.unlinkIfPresent(blobs.directory.appendingPathComponent(entry.fileName))
            }
            report.removed.append(entry.fileName)
            report.freedBytes += entry.size
        }
        return report
    }

    /// Every digest mentioned by the store's manifests, including text scanned from broken ones.
    static func referencedDigests(_ listings: [ManifestListing]) -> Set<Digest> {
        var out = Set<Digest>()
        for listing in listings {
            switch listing.result {
            case let .success(stored): out.formUnion(stored.manifest.referencedDigests)
            case .failure: out.formUnion(scanDigests(listing.rawBytes ?? Data()))
            }
        }
        return out
    }

    /// Finds `sha256[:-]<64 hex>` substrings in arbitrary bytes.
    static func scanDigests(_ data: Data) -> Set<Digest> {
        let bytes = [UInt8](data)
        let prefix = Array("sha256".utf8)
        var out = Set<Digest>()
        var i = 0
        while i + 71 <= bytes.count {
            if bytes[i] == prefix[0], Array(bytes[i..<(i + 6)]) == prefix,
               let digest = try? Digest(parsing: String(decoding: bytes[i..<(i + 71)], as: UTF8.self)) {
                out.insert(digest)
                i += 71
            } else {
                i += 1
            }
        }
        return out
    }
}
