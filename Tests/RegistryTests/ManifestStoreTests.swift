import Foundation
import Registry
import Testing
import TestSupport

@Suite struct ManifestStoreTests {
    static func setAge(_ url: URL, seconds: TimeInterval) throws {
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-seconds)],
                                              ofItemAtPath: url.path)
    }

    @Test func writeReadListDelete() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = ManifestStore(root: dir.url)
        let name = try ModelName(parsing: "User/Smol:Q4")
        let stored = try store.write(ManifestTests.sample(), for: name)
        let file = try store.path(for: name)
        #expect(file.path.hasSuffix("/manifests/registry.ollama.ai/User/Smol/Q4"))

        let read = try store.read(name)
        #expect(read.manifest == ManifestTests.sample())
        #expect(read.raw == (try Data(contentsOf: file)))
        #expect(read.digest.hex == (try Shell.sha256sum(file)))
        #expect(stored.digest == read.digest)
        #expect(abs(try store.modificationTime(of: name).timeIntervalSince(read.modified)) < 0.001)

        // Case-insensitive lookup finds the on-disk casing.
        #expect(store.resolve(try ModelName(parsing: "user/smol:q4")) == name)
        #expect(store.resolve(try ModelName(parsing: "user/smol:other")) == nil)
        #expect(throws: RegistryError.modelNotFound("user/smol:q4")) { try store.read(ModelName(parsing: "user/smol:q4")) }

        // No temp files are left next to the manifest.
        #expect(try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path) == ["Q4"])

        try store.delete(name)
        #expect(!store.exists(name))
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory.path).isEmpty)
        #expect(throws: RegistryError.modelNotFound("User/Smol:Q4")) { try store.delete(name) }
        #expect(RegistryError.modelNotFound("User/Smol:Q4").description == "model 'User/Smol:Q4' not found")
    }

    @Test func rawBytesAreKeptVerbatim() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = ManifestStore(root: dir.url)
        let pretty = String(decoding: ManifestTests.sample().jsonData(), as: UTF8.self)
            .replacingOccurrences(of: ",", with: ", ")
        let name = try ModelName(parsing: "smol")
        try store.write(raw: Data(pretty.utf8), for: name)
        #expect(try store.read(name).raw == Data(pretty.utf8))
        #expect(try store.read(name).digest == SHA256.hash(Array(pretty.utf8)))
        #expect(throws: RegistryError.self) { try store.write(raw: Data("{}".utf8), for: name) }
        #expect(try store.read(name).raw == Data(pretty.utf8))
    }

    /// One corrupt manifest is listed with its reason and does not hide the others.
    @Test func corruptManifestDoesNotHideOthers() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = ManifestStore(root: dir.url)
        try store.write(ManifestTests.sample(), for: ModelName(parsing: "a"))
        try store.write(ManifestTests.sample(), for: ModelName(parsing: "c"))
        let bad = try store.path(for: ModelName(parsing: "b"))
        try FileManager.default.createDirectory(at: bad.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("{\"schemaVersion\":2,".utf8).write(to: bad)
        let weird = store.directory.appendingPathComponent("host/n.s/m")
        try FileManager.default.createDirectory(at: weird, withIntermediateDirectories: true)
        try ManifestTests.sample().jsonData().write(to: weird.appendingPathComponent("t"))

        let listing = store.list()
        #expect(listing.map(\.path) == ["host/n.s/m/t", "registry.ollama.ai/library/a/latest",
                                        "registry.ollama.ai/library/b/latest", "registry.ollama.ai/library/c/latest"])
        #expect(listing[0].name == nil)
        #expect(listing[0].failure == .invalidName("host/n.s/m/t"))
        #expect(listing[2].failure == .invalidManifest("not valid JSON"))
        #expect(store.listNames().map(\.displayShortest) == ["a:latest", "b:latest", "c:latest"])
        #expect(listing.filter { $0.failure == nil }.count == 2)
    }

    @Test func pruneRemovesOnlyOldUnreferencedFiles() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let blobs = BlobStore(root: dir.url)
        let manifests = ManifestStore(root: dir.url)
        func blob(_ text: String, age: TimeInterval) throws -> Digest {
            let digest = SHA256.hash(Array(text.utf8))
            try blobs.write(Array(text.utf8), expected: digest)
            try Self.setAge(blobs.path(of: digest), seconds: age)
            return digest
        }
        let used = try blob("used", age: 7200)
        let orphanOld = try blob("orphan-old", age: 7200)
        let orphanYoung = try blob("orphan-young", age: 60)
        let inBroken = try blob("in-broken", age: 7200)
        let manifest = Manifest(config: .init(mediaType: MediaType.config, digest: used, size: 4), layers: [])
        try manifests.write(manifest, for: ModelName(parsing: "keep"))
        let broken = try manifests.path(for: ModelName(parsing: "broken"))
        try FileManager.default.createDirectory(at: broken.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("{\"config\":{\"digest\":\"\(inBroken)\"".utf8).write(to: broken)
        let youngPartial = blobs.directory.appendingPathComponent("sha256-\(orphanOld.hex)-partial")
        let oldPartial = blobs.directory.appendingPathComponent("sha256-\(orphanOld.hex)-partial-0")
        try Data("x".utf8).write(to: youngPartial)
        try Data("yy".utf8).write(to: oldPartial)
        try Self.setAge(youngPartial, seconds: 1800)
        try Self.setAge(oldPartial, seconds: 7200)

        let dry = StorePruner.prune(blobs: blobs, manifests: manifests, minimumAge: 0, dryRun: true)
        #expect(Set(dry.removed) == ["sha256-\(orphanOld.hex)", "sha256-\(orphanOld.hex)-partial-0", "sha256-\(orphanYoung.hex)"])
        #expect(dry.keptYoung == ["sha256-\(orphanOld.hex)-partial"])
        #expect(blobs.has(orphanOld))

        let report = StorePruner.prune(blobs: blobs, manifests: manifests)
        #expect(report.removed == ["sha256-\(orphanOld.hex)", "sha256-\(orphanOld.hex)-partial-0"])
        #expect(report.freedBytes == Int64("orphan-old".utf8.count + 2))
        #expect(Set(report.keptYoung) == ["sha256-\(orphanOld.hex)-partial", "sha256-\(orphanYoung.hex)"])
        #expect(blobs.has(used) && blobs.has(inBroken) && blobs.has(orphanYoung) && !blobs.has(orphanOld))

        // Deleting a model's layers: only the given candidates, immediately.
        try manifests.delete(ModelName(parsing: "keep"))
        let cleanup = StorePruner.prune(blobs: blobs, manifests: manifests, minimumAge: 0, candidates: [used])
        #expect(cleanup.removed == ["sha256-\(used.hex)"])
        #expect(blobs.has(orphanYoung))
    }
}
