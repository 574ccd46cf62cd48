import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RegistryClient {
    /// Pushes the local model `name` from the store at `root` to its registry.
    ///
    /// Statuses: `retrieving manifest`; per blob `pushing <digest[7:19]>` with digest/total/completed;
    /// `pushing manifest`; `success`. Each blob: `HEAD` (present → done), `POST …/blobs/uploads/`
    /// (with `?mount=&from=` when the layer names a source model on the same registry; 201 → mounted),
    /// `PATCH` chunks with `Content-Range`, `PUT ?digest=`. The manifest is `PUT` last, with the exact
    /// stored bytes, so the pushed model keeps its ID.
    /// - Throws: `RegistryError.modelNotFound` for a missing model, `RegistryClientError` otherwise.
    @discardableResult
    public func push(_ name: ModelName, root: URL, options: TransferOptions = TransferOptions(),
                     progress: @escaping @Sendable (TransferProgress) -> Void = { _ in }) async throws -> PushReport {
        let session = try session(for: name, options: options)
        let blobs = BlobStore(root: root)
        progress(TransferProgress(status: "retrieving manifest"))
        let stored = try ManifestStore(root: root).read(name)
        var report = PushReport()
        var seen = Set<Digest>()
        for layer in [stored.manifest.config] + stored.manifest.layers where seen.insert(layer.digest).inserted {
            let status = "pushing " + layer.digest.shortHex
            let digest = layer.digest, total = layer.size
            guard let size = try? blobs.size(of: digest), size == total else { throw RegistryError.blobNotFound(digest) }
            progress(TransferProgress(status: status, digest: digest, total: total, completed: 0))
            let throttle = ProgressThrottle(interval: options.progressInterval) {
                progress(TransferProgress(status: status, digest: digest, total: total, completed: $0))
            }
            let result = try await retrying(maxRetries: options.maxRetries, delay: options.retryDelay) {
                try await upload(layer, session: session, store: blobs, options: options, throttle: throttle)
            }
            switch result {
            case .present: break
            case .mounted: report.mounted.append(digest)
            case .uploaded:
                report.uploaded.append(digest)
                report.sentBytes += total
            }
            progress(TransferProgress(status: status, digest: digest, total: total, completed: total))
        }
        progress(TransferProgress(status: "pushing manifest"))
        let (response, body) = try await retrying(maxRetries: 3, delay: options.retryDelay) {
            try await session.send("PUT", session.endpoint.manifest,
                                   headers: ["Content-Type": stored.manifest.mediaType], body: stored.raw,
                                   limit: RegistrySession.errorBodyLimit)
        }
        try RegistrySession.check(response, body)
        progress(TransferProgress(status: "success"))
        return report
    }

    enum UploadResult { case present, mounted, uploaded }

    /// Sends one blob unless the registry has it or can mount it.
    private func upload(_ layer: Manifest.Layer, session: RegistrySession, store: BlobStore, options: TransferOptions,
                        throttle: ProgressThrottle) async throws -> UploadResult {
        let endpoint = session.endpoint
        let (head, headBody) = try await session.send("HEAD", endpoint.blob(layer.digest), limit: 0)
        if head.statusCode == 200 { return .present }
        if head.statusCode != 404 { try RegistrySession.check(head, headBody) }

        let source = Self.mountSource(layer.from, target: endpoint)
        let (start, startBody) = try await session.send(
            "POST", endpoint.uploads(mount: source == nil ? nil : layer.digest, from: source),
            headers: ["Content-Length": "0"], body: Data(), limit: RegistrySession.errorBodyLimit)
        if start.statusCode == 201, source != nil { return .mounted }
        guard start.statusCode == 202 else {
            try RegistrySession.check(start, startBody)
            throw RegistryClientError.protocolViolation("unexpected status \(start.statusCode) starting an upload")
        }
        var location = try Self.location(start, endpoint)

        let url = store.path(of: layer.digest)
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RegistryError.io(operation: "open", file: url.lastPathComponent, errno: errno) }
        defer { close(fd) }
        var offset: Int64 = 0
        while offset < layer.size {
            let length = Int(min(options.uploadChunkSize, layer.size - offset))
            let chunk = try Self.read(fd, offset: offset, length: length, name: url.lastPathComponent)
            let base = offset
            let (response, body) = try await session.send(
                "PATCH", location,
                headers: ["Content-Type": "application/octet-stream",
                          "Content-Range": "\(offset)-\(offset + Int64(length) - 1)"],
                body: chunk, limit: RegistrySession.errorBodyLimit,
                onSent: { sent in throttle.update(base + sent, force: false) })
            guard response.statusCode == 202 else {
                try RegistrySession.check(response, body)
                throw RegistryClientError.protocolViolation("unexpected status \(response.statusCode) to an upload chunk")
            }
            location = try Self.location(response, endpoint)
            offset += Int64(length)
        }

        guard var components = URLComponents(url: location, resolvingAgainstBaseURL: true) else {
            throw RegistryClientError.protocolViolation("bad upload location")
        }
        components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "digest", value: layer.digest.description)]
        guard let finalURL = components.url else { throw RegistryClientError.protocolViolation("bad upload location") }
        let (done, doneBody) = try await session.send("PUT", finalURL, headers: ["Content-Length": "0"], body: Data(),
                                                      limit: RegistrySession.errorBodyLimit)
        guard done.statusCode == 201 || done.statusCode == 204 else {
            try RegistrySession.check(done, doneBody)
            throw RegistryClientError.protocolViolation("unexpected status \(done.statusCode) finishing an upload")
        }
        return .uploaded
    }

    /// `<namespace>/<model>` of a layer's `from` when it is another repository of the same registry.
    static func mountSource(_ from: String?, target: RegistryEndpoint) -> String? {
        guard let from, !from.isEmpty, let source = ModelName.parse(from),
              ModelName.fold(source.host) == ModelName.fold(target.host) else { return nil }
        let repository = "\(source.namespace)/\(source.model)"
        return repository == target.repository ? nil : repository
    }

    /// The upload URL of a 202 (`Docker-Upload-Location` or `Location`), kept on the registry's host.
    private static func location(_ response: HTTPURLResponse, _ endpoint: RegistryEndpoint) throws -> URL {
        guard let text = response.value(forHTTPHeaderField: "Docker-Upload-Location")
            ?? response.value(forHTTPHeaderField: "Location") else {
            throw RegistryClientError.protocolViolation("upload response without a Location")
        }
        return try endpoint.resolveLocation(text)
    }

    /// `length` bytes of the file at `offset`.
    private static func read(_ fd: Int32, offset: Int64, length: Int, name: String) throws -> Data {
        var data = Data(count: length)
        try data.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var done = 0
            while done < length {
                let n = pread(fd, base + done, length - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw RegistryError.io(operation: "read", file: name, errno: errno)
                }
                if n == 0 { throw RegistryError.io(operation: "read", file: name, errno: EIO) }
                done += n
            }
        }
        return data
    }
}
