import Foundation
import Registry
import Testing
import TestSupport

/// Basic credentials against a real registry that requires them (htpasswd auth).
@Suite(.serialized, .timeLimit(.minutes(10)))
struct RegistryAuthTests {
    /// `tester` / `s3cret-pw`, bcrypt cost 5 (generated once with crypt(3)).
    static let htpasswd = "tester:$2b$05$ollamaswiftregistryteeHcsfirGKEkIKehfiAkBZ4IefVjjrdOm\n"

    @Test func basicCredentialsArePushedAndPulledWithAndRefusedWithout() async throws {
        let registry = try await LocalRegistry.start(htpasswd: Self.htpasswd)
        defer { registry.stop() }
        let source = try TemporaryDirectory(prefix: "auth-src"), target = try TemporaryDirectory(prefix: "auth-dst")
        defer { source.remove(); target.remove() }
        let name = try ModelName(parsing: "\(registry.host)/library/smol:latest")
        try RegistryModelFixture.install(try TestPaths.require(TestPaths.smolLM2), as: name, root: source.url)
        let options = TransferOptions(insecure: true)

        let anonymous = RegistryClient()
        let refused = try await #require(throws: RegistryClientError.self) {
            try await anonymous.push(name, root: source.url, options: options)
        }
        #expect(refused.description == "unauthorized: access denied")
        let wrong = RegistryClient(credentials: RegistryCredentials(fallback: "tester:wrong"))
        let denied = try await #require(throws: RegistryClientError.self) {
            try await wrong.pull(name, root: target.url, options: options)
        }
        // ollama's wording: the manifest request is the one refused.
        #expect(denied.root == .unauthorized)
        #expect(denied.description == "pull model manifest: unauthorized: access denied")

        let client = RegistryClient(credentials: RegistryCredentials(perHost: [registry.host: "tester:s3cret-pw"]))
        try await client.push(name, root: source.url, options: options)
        let report = try await client.pull(name, root: target.url, options: options)
        #expect(report.manifestDigest == (try ManifestStore(root: source.url).read(name)).digest)
        #expect(try ManifestStore(root: target.url).read(name).raw == ManifestStore(root: source.url).read(name).raw)
    }
}
