import Foundation
import Registry
import Testing
import TestSupport

/// Names to URLs, auth challenges, credentials, ranges and part layouts.
struct RegistryClientUnitTests {
    @Test func namesMapToRegistryURLs() throws {
        let library = try RegistryEndpoint(name: try ModelName(parsing: "registry.ollama.ai/library/llama3.2:latest"), insecure: false)
        #expect(library.manifest.absoluteString == "https://registry.ollama.ai/v2/library/llama3.2/manifests/latest")
        let short = try RegistryEndpoint(name: try ModelName(parsing: "llama3.2"), insecure: false)
        #expect(short.manifest == library.manifest)
        let local = try RegistryEndpoint(name: try ModelName(parsing: "127.0.0.1:5000/library/smol:latest"), insecure: true)
        #expect(local.manifest.absoluteString == "http://127.0.0.1:5000/v2/library/smol/manifests/latest")
        let digest = try Digest(parsing: "sha256:" + String(repeating: "ab", count: 32))
        #expect(local.blob(digest).absoluteString == "http://127.0.0.1:5000/v2/library/smol/blobs/\(digest)")
        #expect(local.uploads(mount: digest, from: "library/other").absoluteString
            == "http://127.0.0.1:5000/v2/library/smol/blobs/uploads/?mount=\(digest)&from=library/other")
        // http:// names need insecure; insecure forces http.
        let http = try ModelName(parsing: "http://127.0.0.1:5000/library/smol")
        #expect(throws: RegistryClientError.insecureProtocol) { try RegistryEndpoint(name: http, insecure: false) }
        #expect(RegistryClientError.insecureProtocol.description == "insecure protocol http")
    }

    @Test func bearerChallengeParsesAndKeepsTheRealmOnTheRegistryHost() throws {
        let header = #"Bearer realm="https://registry.ollama.ai/v2/token",service="registry.ollama.ai",scope="repository:library/x:pull""#
        let challenge = try AuthChallenge(header: header)
        #expect(challenge.scheme == .bearer)
        #expect(challenge.service == "registry.ollama.ai")
        #expect(challenge.scope == "repository:library/x:pull")
        let endpoint = try RegistryEndpoint(name: try ModelName(parsing: "library/x"), insecure: false)
        let url = try challenge.tokenURL(for: endpoint)
        #expect(url.absoluteString
            == "https://registry.ollama.ai/v2/token?service=registry.ollama.ai&scope=repository:library/x:pull")

        // CVE-2025-51471: a realm on another host is refused with ollama's message.
        let evil = try AuthChallenge(header: #"Bearer realm="https://evil.example/token",service="x""#)
        #expect(throws: RegistryClientError.realmHostMismatch(realm: "evil.example", host: "registry.ollama.ai")) {
            try evil.tokenURL(for: endpoint)
        }
        #expect(RegistryClientError.realmHostMismatch(realm: "evil.example", host: "registry.ollama.ai").description
            == #"realm host "evil.example" does not match original host "registry.ollama.ai""#)
        // An https registry may not send us to an http realm.
        let downgrade = try AuthChallenge(header: #"Bearer realm="http://registry.ollama.ai/token""#)
        #expect(throws: RegistryClientError.self) { try downgrade.tokenURL(for: endpoint) }
    }

    @Test func malformedChallengesAreRejected() {
        for header in ["Digest realm=\"x\"", "Bearer service=\"x\"", "Bearer realm=\"unterminated", "Bearer =x",
                       "Bearer " + String(repeating: "a", count: 5000)] {
            #expect(throws: RegistryClientError.self, "\(header.prefix(40))") { try AuthChallenge(header: header) }
        }
        #expect((try? AuthChallenge(header: "Basic realm=\"Registry Realm\""))?.scheme == .basic)
    }

    @Test func credentialsFromEnvironmentValueAndDockerConfig() throws {
        let directory = try TemporaryDirectory(prefix: "docker-config")
        defer { directory.remove() }
        let config = directory.url.appendingPathComponent("config.json")
        let encoded = Data("alice:pw1".utf8).base64EncodedString()
        try Data(#"{"auths":{"https://Reg.Example:5000/v1/":{"auth":"\#(encoded)"},"other.io":{"username":"bob","password":"pw2"},"bad":{"auth":"!!"}}}"#.utf8)
            .write(to: config)
        let credentials = RegistryCredentials.load(registryAuth: " carol:pw3 ", dockerConfig: config)
        #expect(credentials.basic(for: "reg.example:5000") == "alice:pw1")
        #expect(credentials.basic(for: "other.io") == "bob:pw2")
        #expect(credentials.basic(for: "anything.else") == "carol:pw3")
        #expect(RegistryCredentials.load(registryAuth: "no-colon", dockerConfig: nil).basic(for: "x") == nil)
        #expect(RegistryCredentials.load(registryAuth: nil, dockerConfig: directory.url.appendingPathComponent("missing"))
            .perHost.isEmpty)
    }

    @Test func contentRangeHeaders() {
        #expect(ContentRange("bytes 0-99/1000") == ContentRange("bytes 0-99/1000"))
        #expect(ContentRange("bytes 100-199/1000")?.first == 100)
        #expect(ContentRange("bytes 100-199/*")?.total == nil)
        for bad in ["bytes 5-4/10", "bytes 0-10/10", "0-9/10", "bytes -1-9/10", "bytes a-b/c", "bytes 0-9"] {
            #expect(ContentRange(bad) == nil, "\(bad)")
        }
    }

    @Test func partLayoutTilesTheBlob() {
        let total: Int64 = 253_113_024
        let parts = PartState.layout(total: total, minSize: 32 << 20, maxSize: 1_000_000_000)
        #expect(PartState.isValidLayout(parts, total: total))
        #expect(parts.count == 8 && parts.dropLast().allSatisfy { $0.Size == 32 << 20 })
        #expect(PartState.layout(total: 10, minSize: 100, maxSize: 1000).count == 1)
        var broken = parts
        broken[2].Offset += 1
        #expect(!PartState.isValidLayout(broken, total: total))
        var overfull = parts
        overfull[0].Completed = overfull[0].Size + 1
        #expect(!PartState.isValidLayout(overfull, total: total))
        #expect(!PartState.isValidLayout(parts, total: total + 1))
    }

    @Test func partialFileNamesBelongToTheirBlob() {
        let hex = String(repeating: "0f", count: 32)
        #expect(BlobStore.partialOwner(ofFileName: "sha256-\(hex)-partial") == "sha256-\(hex)")
        #expect(BlobStore.partialOwner(ofFileName: "sha256-\(hex)-partial-12") == "sha256-\(hex)")
        #expect(BlobStore.partialOwner(ofFileName: "sha256-\(hex)") == nil)
        #expect(BlobStore.partialOwner(ofFileName: "sha256-\(hex)-partial-x") == nil)
        #expect(BlobStore.partialOwner(ofFileName: "sha256-\(hex)-other") == nil)
    }
}
