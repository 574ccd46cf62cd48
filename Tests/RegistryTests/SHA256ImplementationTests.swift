import Foundation
import Registry
import Testing

/// Both compression functions (portable Swift, SHA-NI) against the FIPS 180-4 vectors, and
/// against each other on messages of every length around the block and padding edges.
@Suite struct SHA256ImplementationTests {
    /// The implementations this machine can run (SHA-NI only where the CPU has it).
    static let runnable: [SHA256.Implementation] = SHA256.Implementation.allCases.filter {
        $0 == .portable || SHA256.hardwareAvailable
    }

    static func digest(_ bytes: some Sequence<UInt8>, _ implementation: SHA256.Implementation) -> String {
        var hasher = SHA256(implementation: implementation)
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    @Test(arguments: runnable)
    func nistVectors(implementation: SHA256.Implementation) {
        for (input, expected) in SHA256Tests.vectors {
            #expect(Self.digest(Array(input.utf8), implementation) == expected, "\(input)")
        }
    }

    @Test(arguments: runnable)
    func oneMillionA(implementation: SHA256.Implementation) {
        var hasher = SHA256(implementation: implementation)
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(hasher.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// The machine reports SHA-NI where /proc/cpuinfo lists it, so the fast path is not silently off.
    @Test func hardwareDetectionMatchesCPUInfo() throws {
        #if os(Linux) && arch(x86_64)
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ") ?? []
        #expect(SHA256.hardwareAvailable == flags.contains("sha_ni"))
        #expect(SHA256().implementation == (SHA256.hardwareAvailable ? .shaNI : .portable))
        #endif
    }

    /// SHA-NI and portable agree on random messages of every length 0…300 (one-shot and split at a
    /// random point) and on a few large ones fed in odd-sized pieces.
    @Test(.enabled(if: SHA256.hardwareAvailable))
    func hardwareMatchesPortable() {
        var generator = SystemRandomNumberGenerator()
        let pool = (0..<(3 << 20) + 77).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for length in 0...300 {
            let message = pool[length..<(2 * length)]
            let portable = Self.digest(message, .portable)
            #expect(Self.digest(message, .shaNI) == portable, "length \(length)")
            let cut = length == 0 ? 0 : Int.random(in: 0...length, using: &generator)
            var split = SHA256(implementation: .shaNI)
            split.update(message.prefix(cut))
            split.update(message.dropFirst(cut))
            #expect(split.finalizeHex() == portable, "length \(length) cut \(cut)")
        }
        for length in [4096, 65_537, 1 << 20, pool.count] {
            let message = pool[0..<length]
            var portable = SHA256(implementation: .portable)
            var hardware = SHA256(implementation: .shaNI)
            var offset = 0
            while offset < length {
                let piece = min(length - offset, Int.random(in: 1...100_000, using: &generator))
                portable.update(message[offset..<(offset + piece)])
                hardware.update(message[offset..<(offset + piece)])
                offset += piece
            }
            #expect(hardware.finalizeHex() == portable.finalizeHex(), "length \(length)")
            #expect(hardware.finalizeHex() == SHA256.hash(message).hex)
        }
    }
}
