import Foundation
import Registry
import Testing

@Suite struct DigestTests {
    static let hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

    @Test(arguments: ["sha256:" + hex, "sha256-" + hex, "sha256:" + hex.uppercased(), "sha256-" + hex.uppercased()])
    func acceptsOllamaForms(text: String) throws {
        let digest = try Digest(parsing: text)
        #expect(digest.description == "sha256:" + Self.hex)
        #expect(digest.hex == Self.hex)
        #expect(digest == SHA256.hash(Array("abc".utf8)))
    }

    static let malformed: [String] = [
        "", "sha256:", "sha256", hex, "sha256:" + hex.dropLast(), "sha256:" + hex + "0", "sha256:" + hex + "\n",
        "SHA256:" + hex, "sha512:" + hex, "sha256_" + hex, "sha256::" + hex.dropLast(),
        "sha256:" + hex.dropLast() + "g", "sha256:../../../../etc/passwd" + String(repeating: "0", count: 35),
        "sha256:" + String(repeating: "0", count: 63) + "/", " sha256:" + hex, "sha256:" + hex.dropLast() + "é",
    ]

    @Test(arguments: malformed)
    func rejectsMalformed(text: String) {
        #expect(throws: RegistryError.invalidDigest(text)) { try Digest(parsing: text) }
        #expect(RegistryError.invalidDigest(text).description == "invalid digest format")
    }

    @Test func decodesAndEncodesAsString() throws {
        let data = Data("[\"sha256-\(Self.hex.uppercased())\"]".utf8)
        let digests = try JSONDecoder().decode([Digest].self, from: data)
        #expect(digests.map(\.description) == ["sha256:" + Self.hex])
        let bad = Data("[\"sha256:../x\"]".utf8)
        #expect(throws: (any Error).self) { try JSONDecoder().decode([Digest].self, from: bad) }
    }

    @Test func blobPathIsTheOnlyMapping() throws {
        let store = BlobStore(root: URL(fileURLWithPath: "/models"))
        let digest = try Digest(parsing: "sha256-" + Self.hex.uppercased())
        #expect(store.path(of: digest).path == "/models/blobs/sha256-" + Self.hex)
    }
}
