import Foundation
import Registry
import Testing
import TestSupport

@Suite struct BlobStoreTests {
    static func payload(_ n: Int, seed: UInt8 = 1) -> [UInt8] {
        (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ Int(seed)) }
    }

    /// Names in `blobs/` (including hidden temp files).
    static func blobFiles(_ store: BlobStore) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: store.directory.path)) ?? []).sorted()
    }

    @Test func writesVerifiedBlobWithMode0644() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = BlobStore(root: dir.url)
        let bytes = Self.payload(100_000)
        let digest = SHA256.hash(bytes)
        #expect(!store.has(digest))
        #expect(try store.write(bytes, expected: digest))
        #expect(store.has(digest))
        #expect(try store.size(of: digest) == 100_000)
        #expect(try Data(contentsOf: store.path(of: digest)) == Data(bytes))
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path(of: digest).path)
        #expect((attributes[.posixPermissions] as? Int) == 0o644)
        #expect(Self.blobFiles(store) == ["sha256-" + digest.hex])
        // Writing it again reports "already present" and leaves one file.
        #expect(try store.write(bytes, expected: digest) == false)
        #expect(Self.blobFiles(store) == ["sha256-" + digest.hex])
    }

    /// Bytes that do not hash to the promised digest leave nothing at all in `blobs/`.
    @Test func mismatchLeavesNothing() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = BlobStore(root: dir.url)
        let promised = SHA256.hash(Self.payload(5000))
        let sent = Self.payload(5000, seed: 2)
        let error = #expect(throws: RegistryError.self) { try store.write(sent, expected: promised) }
        #expect(error == .digestMismatch(expected: promised, got: SHA256.hash(sent)))
        #expect(error?.description == "digest mismatch, expected \"\(promised)\", got \"\(SHA256.hash(sent))\"")
        #expect(Self.blobFiles(store).isEmpty)
        #expect(!store.has(promised))
        #expect(throws: RegistryError.blobNotFound(promised)) { try store.size(of: promised) }
        #expect(RegistryError.blobNotFound(promised).description == "blob \"\(promised)\" not found")
    }

    @Test func incrementalWriterCommitAndAbort() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = BlobStore(root: dir.url)
        let bytes = Self.payload(1 << 20)
        let digest = SHA256.hash(bytes)

        let aborted = try store.begin(expected: digest)
        try aborted.append(bytes[0..<1000])
        #expect(Self.blobFiles(store).count == 1)  // the temp file
        aborted.abort()
        #expect(Self.blobFiles(store).isEmpty)
        #expect(throws: RegistryError.writerClosed) { try aborted.append([1, 2, 3]) }

        let writer = try store.begin(expected: digest)
        var offset = 0
        for size in [1, 63, 64, 65, 4096, 100_000] + Array(repeating: 200_000, count: 5) {
            let end = min(offset + size, bytes.count)
            try writer.append(bytes[offset..<end])
            offset = end
        }
        try writer.append(bytes[offset...])
        #expect(writer.bytesWritten == Int64(bytes.count))
        #expect(try writer.commit())
        #expect(Self.blobFiles(store) == ["sha256-" + digest.hex])
        #expect(throws: RegistryError.writerClosed) { try writer.commit() }
    }

    @Test func droppedWriterCleansUp() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = BlobStore(root: dir.url)
        do {
            let writer = try store.begin(expected: SHA256.hash([1]))
            try writer.append([1])
        }
        #expect(Self.blobFiles(store).isEmpty)
    }

    @Test func asyncStreamAndFileSources() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = BlobStore(root: dir.url)
        let bytes = Self.payload(300_000)
        let digest = SHA256.hash(bytes)
        let chunks = AsyncStream<[UInt8]> { continuation in
            var i = 0
            while i < bytes.count {
                continuation.yield(Array(bytes[i..<min(i + 7000, bytes.count)]))
                i += 7000
            }
            continuation.finish()
        }
        #expect(try await store.write(from: chunks, expected: digest))

        let source = dir.url.appendingPathComponent("source.bin")
        let other = Self.payload(70_000, seed: 9)
        try Data(other).write(to: source)
        #expect(try store.write(contentsOf: source, expected: SHA256.hash(other)))
        #expect(throws: RegistryError.self) { try store.write(contentsOf: source, expected: digest) }
        #expect(Set(Self.blobFiles(store)) == ["sha256-" + digest.hex, "sha256-" + SHA256.hash(other).hex])
    }

    /// Several writers of one digest at the same time (some with wrong bytes) never leave a
    /// corrupt or partial blob behind.
    @Test func concurrentWritersOfOneDigest() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = BlobStore(root: dir.url)
        let bytes = Self.payload(2 << 20)
        let digest = SHA256.hash(bytes)
        let results = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<8 {
                group.addTask {
                    do {
                        let writer = try store.begin(expected: digest)
                        var data = bytes
                        if i % 4 == 3 { data[data.count / 2] ^= 0xff }  // a corrupt upload
                        for start in stride(from: 0, to: data.count, by: 65_536) {
                            try writer.append(data[start..<min(start + 65_536, data.count)])
                            await Task.yield()
                        }
                        try writer.commit()
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 6)
        #expect(Self.blobFiles(store) == ["sha256-" + digest.hex])
        #expect(try SHA256.hash(fileAt: store.path(of: digest)) == digest)
    }

    /// A real model file imported into the store hashes to what `sha256sum` says.
    @Test func importsRealModel() throws {
        let model = try TestPaths.require(TestPaths.smolLM2)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = BlobStore(root: dir.url)
        let digest = try Digest(parsing: "sha256:" + Shell.sha256sum(model))
        #expect(try store.write(contentsOf: model, expected: digest))
        #expect(try store.size(of: digest) == 98_362_432)
    }
}

extension BlobStoreTests {
    @Test func migratesColonNames() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = BlobStore(root: dir.url)
        let digest = SHA256.hash(Array("old".utf8))
        try FileManager.default.createDirectory(at: store.directory, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: store.directory.appendingPathComponent("sha256:" + digest.hex))
        try Data("x".utf8).write(to: store.directory.appendingPathComponent("sha256:nothex"))
        #expect(try store.migrateColonNames() == 1)
        #expect(store.has(digest))
        #expect(Self.blobFiles(store) == ["sha256-" + digest.hex, "sha256:nothex"])
    }
}
