import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension RegistryClient {
    /// Accept header of manifest requests: Docker v2 and OCI image manifests.
    static let manifestAccept = MediaType.manifest + ", application/vnd.oci.image.manifest.v1+json"

    /// Pulls `name` into the store at `root`.
    ///
    /// Statuses, as ollama streams them: `pulling manifest`; per blob `pulling <digest[7:19]>`
    /// with digest/total/completed (a present blob is complete at once); `verifying sha256 digest`;
    /// `writing manifest`; `removing unused layers` when an older version left orphans; `success`.
    /// Blobs are verified before they become visible; the manifest is written last, verbatim.
    /// - Throws: `RegistryClientError` (`pull model manifest: file does not exist`,
    ///   `insecure protocol http`, `digest mismatch, file must be downloaded again: …`) or `RegistryError`.
    @discardableResult
    public func pull(_ name: ModelName, root: URL, options: TransferOptions = TransferOptions(),
                     progress: @escaping @Sendable (TransferProgress) -> Void = { _ in }) async throws -> PullReport {
        let session = try session(for: name, options: options)
        let blobs = BlobStore(root: root)
        let manifests = ManifestStore(root: root)
        progress(TransferProgress(status: "pulling manifest"))
        let (raw, manifest): (Data, Manifest)
        do {
            (raw, manifest) = try await fetchManifest(session, limit: options.manifestLimit)
        } catch let error as RegistryClientError {
            throw RegistryClientError.wrapped(context: "pull model manifest", underlying: error)
        }
        var report = PullReport(manifestDigest: SHA256.hash(raw))

        var seen = Set<Digest>()
        for layer in [manifest.config] + manifest.layers where seen.insert(layer.digest).inserted {
            let status = "pulling " + layer.digest.shortHex
            let digest = layer.digest, total = layer.size
            if let size = try? blobs.size(of: digest) {
                if size == total {
                    progress(TransferProgress(status: status, digest: digest, total: total, completed: total))
                    continue
                }
                blobs.remove(digest)  // wrong size: a damaged blob, fetch it again
            }
            let downloader = BlobDownloader(session: session, store: blobs, options: options)
            let outcome = try await DownloadCoordinator.shared.run(
                key: blobs.path(of: digest).path,
                progress: { progress(TransferProgress(status: status, digest: digest, total: total, completed: $0)) },
                start: { report in try await downloader.download(digest, size: total, progress: report) })
            progress(TransferProgress(status: status, digest: digest, total: total, completed: total))
            report.fetchedBytes += outcome.fetched
            report.resumedBytes += outcome.resumed
            report.downloaded.append(digest)
        }
        // Every blob was hashed as it arrived and published only if it matched; check they are all here.
        progress(TransferProgress(status: "verifying sha256 digest"))
        for digest in manifest.referencedDigests where !blobs.has(digest) {
            throw RegistryError.blobNotFound(digest)
        }

        progress(TransferProgress(status: "writing manifest"))
        let previous = (try? manifests.read(name))?.manifest
        try manifests.write(raw: raw, for: name)
        if options.pruneOldLayers, let previous {
            let orphans = Set(previous.referencedDigests).subtracting(manifest.referencedDigests)
            if !orphans.isEmpty {
                progress(TransferProgress(status: "removing unused layers"))
                report.removed = StorePruner.prune(blobs: blobs, manifests: manifests, minimumAge: 0,
                                                   candidates: orphans).removed
            }
        }
        progress(TransferProgress(status: "success"))
        return report
    }

    /// `GET …/manifests/<tag>`: the raw bytes (capped) and the validated manifest.
    func fetchManifest(_ session: RegistrySession, limit: Int) async throws -> (Data, Manifest) {
        let (response, data) = try await retrying(maxRetries: 3, delay: 1) {
            try await session.send("GET", session.endpoint.manifest, headers: ["Accept": Self.manifestAccept], limit: limit)
        }
        try RegistrySession.check(response, data)
        let manifest: Manifest
        do {
            manifest = try Manifest.decode(data)
        } catch let error as RegistryError {
            throw RegistryClientError.protocolViolation(error.description)
        }
        try Self.validate(manifest)
        if let header = response.value(forHTTPHeaderField: "Docker-Content-Digest"),
           let promised = try? Digest(parsing: header), promised != SHA256.hash(data) {
            throw RegistryClientError.digestMismatch(want: promised, got: SHA256.hash(data))
        }
        return (data, manifest)
    }

    /// Schema checks beyond decoding (which already validated every digest and size ≥ 0).
    static func validate(_ manifest: Manifest) throws {
        guard !manifest.layers.isEmpty else { throw RegistryClientError.protocolViolation("manifest has no layers") }
        guard manifest.layers.count <= 100_000 else { throw RegistryClientError.protocolViolation("too many layers") }
        var total: Int64 = manifest.config.size
        for layer in manifest.layers {
            let (sum, overflow) = total.addingReportingOverflow(layer.size)
            guard !overflow, !layer.mediaType.isEmpty else {
                throw RegistryClientError.protocolViolation("bad layer \(layer.digest)")
            }
            total = sum
        }
    }

    /// Runs `body`, retrying retryable errors `maxRetries` times with doubling delays.
    func retrying<T>(maxRetries: Int, delay: Double, _ body: () async throws -> T) async throws -> T {
        var failures = 0
        while true {
            do {
                return try await body()
            } catch let error as RegistryClientError where error.isRetryable && failures < maxRetries {
                failures += 1
                try? await Task.sleep(nanoseconds: UInt64(delay * Double(1 << min(failures - 1, 10)) * 1e9))
                if Task.isCancelled { throw RegistryClientError.cancelled }
            }
        }
    }
}
