import Foundation

/// Paths of a download in progress, ollama's layout:
/// `blobs/sha256-<hex>-partial` (the data, preallocated to the blob size) and
/// `blobs/sha256-<hex>-partial-<N>` (JSON state of part N). Built from `path(of:)`, the only
/// digest-to-path mapping, so a partial can never be named outside `blobs/`.
extension BlobStore {
    /// The data file of an in-progress download of `digest`.
    func partialPath(of digest: Digest) -> URL {
        directory.appendingPathComponent(path(of: digest).lastPathComponent + "-partial", isDirectory: false)
    }

    /// The state file of part `index` of the download of `digest`.
    func partStatePath(of digest: Digest, index: Int) -> URL {
        directory.appendingPathComponent(path(of: digest).lastPathComponent + "-partial-\(index)", isDirectory: false)
    }

    /// The complete blob name a `-partial` or `-partial-N` file belongs to (`sha256-<hex>`), or nil.
    package static func partialOwner(ofFileName name: String) -> String? {
        guard name.hasPrefix("sha256-"), name.utf8.count > 71 else { return nil }
        let owner = String(name.prefix(71))
        let rest = name.dropFirst(71)
        guard BlobEntry.digest(ofFileName: owner) != nil, rest.hasPrefix("-partial") else { return nil }
        let suffix = rest.dropFirst("-partial".count)
        guard suffix.isEmpty || (suffix.first == "-" && suffix.dropFirst().allSatisfy(\.isASCII)
                                 && Int(suffix.dropFirst()) != nil) else { return nil }
        return owner
    }
}
