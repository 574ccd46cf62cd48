import Foundation
import Registry
import TestSupport

/// Builds an installed model in a store from a real GGUF: the model blob (hard-linked from the
/// cache when possible), a params and a template layer, a config blob, and the manifest.
enum RegistryModelFixture {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var digests: [String: Digest] = [:]

    /// The SHA-256 of a file, computed once per test run.
    static func digest(of file: URL) throws -> Digest {
        if let known = lock.withLock({ digests[file.path] }) { return known }
        let digest = try SHA256.hash(fileAt: file)
        lock.withLock { digests[file.path] = digest }
        return digest
    }

    /// Installs `gguf` as the model `name` in the store at `root`; returns the stored manifest.
    @discardableResult
    static func install(_ gguf: URL, as name: ModelName, root: URL, stop: String = "<|im_end|>") throws -> StoredManifest {
        let blobs = BlobStore(root: root)
        let modelDigest = try digest(of: gguf)
        try FileManager.default.createDirectory(at: blobs.directory, withIntermediateDirectories: true)
        let target = blobs.path(of: modelDigest)
        if !blobs.has(modelDigest), link(gguf.path, target.path) != 0 {
            try blobs.write(contentsOf: gguf, expected: modelDigest)
        }
        let size = try blobs.size(of: modelDigest)
        let params = Data("{\"stop\":[\"\(stop)\"],\"temperature\":0}".utf8)
        let template = Data("{{ if .System }}{{ .System }}\n{{ end }}{{ .Prompt }}".utf8)
        let paramsDigest = SHA256.hash(params), templateDigest = SHA256.hash(template)
        try blobs.write(params, expected: paramsDigest)
        try blobs.write(template, expected: templateDigest)
        var config = ModelConfig()
        config.modelFormat = "gguf"
        config.rootFS.diffIDs = [modelDigest, templateDigest, paramsDigest]
        let configData = config.jsonData()
        let configDigest = SHA256.hash(configData)
        try blobs.write(configData, expected: configDigest)
        let manifest = Manifest(
            config: .init(mediaType: MediaType.config, digest: configDigest, size: Int64(configData.count)),
            layers: [
                .init(mediaType: MediaType.model, digest: modelDigest, size: size),
                .init(mediaType: MediaType.template, digest: templateDigest, size: Int64(template.count)),
                .init(mediaType: MediaType.params, digest: paramsDigest, size: Int64(params.count)),
            ])
        return try ManifestStore(root: root).write(manifest, for: name)
    }
}

/// Collects progress reports from any thread.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [TransferProgress] = []

    func append(_ item: TransferProgress) { lock.withLock { items.append(item) } }
    var all: [TransferProgress] { lock.withLock { items } }

    /// Statuses in order with consecutive repeats collapsed.
    var statuses: [String] {
        var out: [String] = []
        for item in all where out.last != item.status { out.append(item.status) }
        return out
    }
}
