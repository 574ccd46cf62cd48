import Foundation
import HashKernels

extension SHA256 {
    /// Which compression function a hasher runs.
    package enum Implementation: Sendable, CaseIterable {
        /// The portable Swift code (`SHA256+Compress.swift`), on every CPU.
        case portable
        /// The x86 SHA extensions (HashKernels' `sha256CompressNI`); only where `hardwareAvailable`.
        case shaNI
    }

    /// Whether this CPU runs the SHA-NI kernel: the build has it (x86-64) and the kernel
    /// reports `sha_ni` among the CPU's flags. Checked once per process.
    package static let hardwareAvailable: Bool = sha256NICompiled && CPUFlags.has("sha_ni")

    /// The fastest implementation this machine offers.
    package static let preferredImplementation: Implementation = hardwareAvailable ? .shaNI : .portable

    /// Compresses whole blocks with the given implementation.
    @inline(__always)
    static func compress(_ state: inout State, _ base: UnsafeRawPointer, blockCount: Int,
                         using implementation: Implementation) {
        switch implementation {
        case .shaNI:
            // The 8-tuple of UInt32 is laid out as eight contiguous words.
            withUnsafeMutablePointer(to: &state) { tuple in
                sha256CompressNI(state: UnsafeMutableRawPointer(tuple).assumingMemoryBound(to: UInt32.self),
                                 blocks: base, blockCount: blockCount)
            }
        case .portable:
            compress(&state, base, blockCount: blockCount)
        }
    }
}

/// CPU feature flags as the kernel reports them (the `flags` line of /proc/cpuinfo on Linux).
///
/// CPUID is not reachable from Swift, and Registry does not depend on Engine (whose `CPUInfo`
/// answers other questions), so this small reader is its own.
enum CPUFlags {
    /// The flags of the first CPU listed; empty where /proc/cpuinfo does not exist.
    static let all: Set<Substring> = read()

    /// Whether `flag` (e.g. `sha_ni`) is among them.
    static func has(_ flag: String) -> Bool { all.contains(Substring(flag)) }

    private static func read() -> Set<Substring> {
        #if os(Linux)
        // The first CPU's block comes first; its flags line is well within 64 KiB.
        guard let handle = FileHandle(forReadingAtPath: "/proc/cpuinfo") else { return [] }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 64 << 10), let text = String(data: data, encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":")
        else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " "))
        #else
        return []
        #endif
    }
}
