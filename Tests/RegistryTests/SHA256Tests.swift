import Foundation
import Registry
import Testing
import TestSupport

@Suite struct SHA256Tests {
    /// FIPS 180-4 example vectors (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf").
    static let vectors: [(String, String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ]

    @Test(arguments: vectors)
    func nistVector(input: String, expected: String) {
        #expect(SHA256.hash(Array(input.utf8)).hex == expected)
    }

    @Test func oneMillionA() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(hasher.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Splitting the message anywhere (inside a block, on the 55/56-byte padding edge, on block
    /// boundaries) must not change the digest.
    @Test func chunkingDoesNotMatter() {
        let message = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = SHA256.hash(message)
        for cut in [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 200, 299, 300] {
            var hasher = SHA256()
            hasher.update(message[0..<cut])
            hasher.update(message[cut...])
            #expect(hasher.finalize() == whole, "cut at \(cut)")
        }
        for length in 54...66 {
            var byByte = SHA256()
            for b in message[0..<length] { byByte.update([b]) }
            #expect(byByte.finalize() == SHA256.hash(message[0..<length]))
        }
    }

    /// The real 98 MB model file hashes to what coreutils' `sha256sum` prints.
    @Test func realModelMatchesSha256sum() throws {
        let model = try TestPaths.require(TestPaths.smolLM2)
        let reference = try Shell.sha256sum(model)
        let ours = try SHA256.hash(fileAt: model)
        #expect(ours.hex == reference)
    }
}

/// Runs reference tools for the tests.
enum Shell {
    /// The hex digest printed by coreutils' `sha256sum` for `file`.
    static func sha256sum(_ file: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }
}
