import Foundation
import Registry
import Testing
import TestSupport

/// Push and pull of the real test models against a real registry (Debian's `docker-registry`).
@Suite(.serialized, .timeLimit(.minutes(10)))
struct RegistryPullPushTests {
    let client = RegistryClient(userAgent: "ollama-swift-tests")
    let options = TransferOptions(insecure: true)

    func name(_ registry: LocalRegistry, _ model: String) throws -> ModelName {
        try ModelName(parsing: "\(registry.host)/library/\(model):latest")
    }

    /// Push SmolLM2 and Gemma 3, delete the local store, pull both into an empty store: same
    /// manifests byte for byte, same blobs (sha256 and size), and a second push sends nothing.
    @Test func pushThenPullIntoEmptyStoreRoundTrips() async throws {
        let registry = try await LocalRegistry.start()
        defer { registry.stop() }
        let source = try TemporaryDirectory(prefix: "push-src"), target = try TemporaryDirectory(prefix: "pull-dst")
        defer { source.remove(); target.remove() }
        let models = [("smol", try TestPaths.require(TestPaths.smolLM2)), ("gemma", try TestPaths.require(TestPaths.gemma3))]
        var originals: [ModelName: StoredManifest] = [:]
        for (model, file) in models {
            let modelName = try name(registry, model)
            originals[modelName] = try RegistryModelFixture.install(file, as: modelName, root: source.url)
            let log = ProgressLog()
            let report = try await client.push(modelName, root: source.url, options: options) { log.append($0) }
            #expect(report.uploaded.count == 4)
            #expect(log.statuses.first == "retrieving manifest")
            #expect(log.statuses.suffix(2) == ["pushing manifest", "success"])
            let modelLayer = originals[modelName]?.manifest.layers[0]
            #expect(log.all.contains { $0.digest == modelLayer?.digest && $0.completed == modelLayer?.size
                && $0.status == "pushing " + (modelLayer?.digest.shortHex ?? "") })
        }
        // Pushing again finds every blob on the registry (HEAD) and sends nothing.
        let again = try await client.push(try name(registry, "smol"), root: source.url, options: options)
        #expect(again.uploaded.isEmpty && again.sentBytes == 0)
        source.remove()

        for (model, file) in models {
            let modelName = try name(registry, model)
            let log = ProgressLog()
            let missing = Set(try #require(originals[modelName]).manifest.referencedDigests)
                .filter { !BlobStore(root: target.url).has($0) }
            let started = Date()
            let report = try await client.pull(modelName, root: target.url, options: options) { log.append($0) }
            let original = try #require(originals[modelName])
            let pulled = try ManifestStore(root: target.url).read(modelName)
            #expect(pulled.raw == original.raw)
            #expect(report.manifestDigest == original.digest)
            for layer in original.manifest.referencedDigests {
                let path = BlobStore(root: target.url).path(of: layer)
                #expect(try SHA256.hash(fileAt: path) == layer)
            }
            let modelLayer = original.manifest.layers[0]
            #expect(try SHA256.hash(fileAt: BlobStore(root: target.url).path(of: modelLayer.digest))
                == RegistryModelFixture.digest(of: file))
            #expect(try BlobStore(root: target.url).size(of: modelLayer.digest) == modelLayer.size)
            let expected = ([original.manifest.config] + original.manifest.layers)
                .filter { missing.contains($0.digest) }.reduce(0) { $0 + $1.size }
            #expect(report.fetchedBytes == expected)
            #expect(Set(report.downloaded) == missing)
            print("pull \(model): \(report.fetchedBytes) B in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
            #expect(log.statuses.first == "pulling manifest")
            #expect(log.statuses.suffix(3) == ["verifying sha256 digest", "writing manifest", "success"])
            #expect(log.all.contains { $0.status == "pulling " + modelLayer.digest.shortHex
                && $0.total == modelLayer.size && $0.completed == modelLayer.size })
        }
        // No partial or temp files are left.
        let leftovers = BlobStore(root: target.url).entries().filter { $0.digest == nil }
        #expect(leftovers.isEmpty)
        // A second pull has nothing to fetch.
        let noop = try await client.pull(try name(registry, "gemma"), root: target.url, options: options)
        #expect(noop.fetchedBytes == 0 && noop.downloaded.isEmpty)
    }

    /// A pull cancelled after ~30 % of the 253 MB Gemma blob keeps its `-partial` state; the next
    /// pull fetches only the rest (counted by the registry's access log) and the blob verifies.
    @Test func interruptedPullResumesWithoutStartingOver() async throws {
        let registry = try await LocalRegistry.start()
        defer { registry.stop() }
        let source = try TemporaryDirectory(prefix: "push-src"), target = try TemporaryDirectory(prefix: "pull-dst")
        defer { source.remove(); target.remove() }
        let modelName = try name(registry, "gemma")
        let stored = try RegistryModelFixture.install(try TestPaths.require(TestPaths.gemma3), as: modelName, root: source.url)
        try await client.push(modelName, root: source.url, options: options)
        let blob = stored.manifest.layers[0]

        var slow = options
        slow.maxStreams = 2
        let client = self.client
        let stopAt = blob.size * 3 / 10
        let trigger = CancelTrigger()
        let first = Task {
            try await client.pull(modelName, root: target.url, options: slow) { progress in
                if progress.digest == blob.digest, let done = progress.completed, done >= stopAt { trigger.fire() }
            }
        }
        trigger.arm { first.cancel() }
        let firstResult = await first.result
        #expect(throws: RegistryClientError.self) { try firstResult.get() }
        let blobs = BlobStore(root: target.url)
        #expect(!blobs.has(blob.digest))
        #expect(!ManifestStore(root: target.url).exists(modelName))
        // The registry logs an aborted request when it notices the closed socket: wait for the count to settle.
        let servedFirst = await registry.settledBytesServed(hex: blob.digest.hex)
        #expect(servedFirst > 0 && servedFirst < blob.size)
        // Pruning at startup must not remove the fresh partial.
        let pruned = StorePruner.prune(blobs: blobs, manifests: ManifestStore(root: target.url))
        #expect(pruned.removed.isEmpty)

        let report = try await client.pull(modelName, root: target.url, options: options)
        let servedSecond = registry.bytesServed(hex: blob.digest.hex) - servedFirst
        // The registry counts bytes written to the socket; bytes of a cancelled part that were in flight
        // (socket buffers) count as served but never reached the partial file.
        let inFlight: Int64 = 8 << 20
        #expect(report.resumedBytes > 0)
        #expect(servedSecond < blob.size - report.resumedBytes + inFlight)
        #expect(report.resumedBytes + servedSecond >= blob.size)
        // The model blob is the only large layer; the small ones may have come with the first pull.
        #expect(report.fetchedBytes + inFlight >= servedSecond && report.fetchedBytes < blob.size - report.resumedBytes + 4096)
        #expect(try SHA256.hash(fileAt: blobs.path(of: blob.digest)) == blob.digest)
        #expect(blobs.entries().allSatisfy { $0.digest != nil })
        print("resume: first pull served \(servedFirst) B, second \(servedSecond) B of \(blob.size) B")
    }

    /// Bytes changed in the registry's copy of a blob: digest error, no blob, no partial, no manifest.
    @Test func corruptedBlobInRegistryFailsWithDigestError() async throws {
        let registry = try await LocalRegistry.start()
        defer { registry.stop() }
        let source = try TemporaryDirectory(prefix: "push-src"), target = try TemporaryDirectory(prefix: "pull-dst")
        defer { source.remove(); target.remove() }
        let modelName = try name(registry, "smol")
        let stored = try RegistryModelFixture.install(try TestPaths.require(TestPaths.smolLM2), as: modelName, root: source.url)
        try await client.push(modelName, root: source.url, options: options)
        let blob = stored.manifest.layers[0]
        let data = registry.blobDataFile(hex: blob.digest.hex)
        let handle = try FileHandle(forWritingTo: data)
        try handle.seek(toOffset: UInt64(blob.size / 2))
        handle.write(Data(repeating: 0x5a, count: 4096))
        try handle.close()

        do {
            try await client.pull(modelName, root: target.url, options: options)
            Issue.record("the pull of a corrupted blob succeeded")
        } catch let error as RegistryClientError {
            guard case let .digestMismatch(want, got) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(want == blob.digest && got != blob.digest)
            #expect(error.description.hasPrefix("digest mismatch, file must be downloaded again: want \(blob.digest), got sha256:"))
        }
        #expect(!BlobStore(root: target.url).has(blob.digest))
        #expect(!BlobStore(root: target.url).entries().contains { $0.fileName.contains(blob.digest.hex) })
        #expect(!ManifestStore(root: target.url).exists(modelName))
    }

    /// A registry blob shorter than the manifest says: a digest error, nothing left behind.
    @Test func truncatedBlobInRegistryFailsWithDigestError() async throws {
        let registry = try await LocalRegistry.start()
        defer { registry.stop() }
        let source = try TemporaryDirectory(prefix: "push-src"), target = try TemporaryDirectory(prefix: "pull-dst")
        defer { source.remove(); target.remove() }
        let modelName = try name(registry, "smol")
        let stored = try RegistryModelFixture.install(try TestPaths.require(TestPaths.smolLM2), as: modelName, root: source.url)
        try await client.push(modelName, root: source.url, options: options)
        let blob = stored.manifest.layers[0]
        #expect(truncate(registry.blobDataFile(hex: blob.digest.hex).path, off_t(blob.size / 3)) == 0)

        let error = await #expect(throws: RegistryClientError.self) {
            try await client.pull(modelName, root: target.url, options: options)
        }
        #expect(error?.description.hasPrefix("digest mismatch, file must be downloaded again: want \(blob.digest)") == true)
        #expect(!BlobStore(root: target.url).entries().contains { $0.fileName.contains(blob.digest.hex) })
        #expect(!ManifestStore(root: target.url).exists(modelName))
    }

    /// Two pulls of the same model at once: one download per blob, both succeed.
    @Test func concurrentPullsShareOneDownload() async throws {
        let registry = try await LocalRegistry.start()
        defer { registry.stop() }
        let source = try TemporaryDirectory(prefix: "push-src"), target = try TemporaryDirectory(prefix: "pull-dst")
        defer { source.remove(); target.remove() }
        let modelName = try name(registry, "smol")
        let stored = try RegistryModelFixture.install(try TestPaths.require(TestPaths.smolLM2), as: modelName, root: source.url)
        try await client.push(modelName, root: source.url, options: options)
        let blob = stored.manifest.layers[0]
        let client = self.client, options = self.options
        async let a = client.pull(modelName, root: target.url, options: options)
        async let b = client.pull(modelName, root: target.url, options: options)
        let (ra, rb) = try await (a, b)
        #expect(ra.manifestDigest == rb.manifestDigest)
        #expect(registry.bytesServed(hex: blob.digest.hex) == blob.size)
        #expect(try SHA256.hash(fileAt: BlobStore(root: target.url).path(of: blob.digest)) == blob.digest)
    }

    /// ollama's errors for a missing model and for http without `insecure`.
    @Test func missingManifestAndInsecureErrors() async throws {
        let registry = try await LocalRegistry.start()
        defer { registry.stop() }
        let target = try TemporaryDirectory(prefix: "pull-dst")
        defer { target.remove() }
        let missing = try await #require(throws: RegistryClientError.self) {
            try await client.pull(try name(registry, "nothing-here"), root: target.url, options: options)
        }
        #expect(missing.description == "pull model manifest: file does not exist")
        let http = try ModelName(parsing: "http://\(registry.host)/library/smol:latest")
        let insecure = try await #require(throws: RegistryClientError.self) {
            try await client.pull(http, root: target.url, options: TransferOptions())
        }
        #expect(insecure.description == "insecure protocol http")
        let pushMissing = await #expect(throws: RegistryError.self) {
            try await client.push(try name(registry, "nothing-here"), root: target.url, options: options)
        }
        #expect(pushMissing?.description == "model 'nothing-here:latest' not found"
            || pushMissing?.description.contains("not found") == true)
    }
}

/// Cancels a task from any thread, once, when fired (before or after it is armed).
final class CancelTrigger: @unchecked Sendable {
    private let lock = NSLock()
    private var action: (@Sendable () -> Void)?
    private var fired = false

    func arm(_ action: @escaping @Sendable () -> Void) {
        let now = lock.withLock { () -> Bool in
            self.action = action
            return fired
        }
        if now { action() }
    }

    func fire() {
        let action = lock.withLock { () -> (@Sendable () -> Void)? in
            defer { fired = true }
            return fired ? nil : self.action
        }
        action?()
    }
}
