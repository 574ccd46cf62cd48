import Foundation
import Registry
import Testing
import TestSupport

/// Throughput of `SHA256.hash(fileAt:)` against coreutils `sha256sum` on the 98 MB SmolLM2 file.
/// Opt-in (`OLLAMA_BENCH=1`) because the machine's cores are shared and timings are noisy.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["OLLAMA_BENCH"] == "1"))
struct SHA256BenchmarkTests {
    @Test func throughputAgainstSha256sum() throws {
        let model = try TestPaths.require(TestPaths.smolLM2)
        let size = Double(try FileManager.default.attributesOfItem(atPath: model.path)[.size] as? Int ?? 0)
        func seconds(_ run: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try run()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        _ = try SHA256.hash(fileAt: model)  // warm the page cache
        // Interleaved runs, so that load from other processes hits both sides alike.
        var oursRuns: [Double] = [], theirsRuns: [Double] = []
        for _ in 0..<3 {
            oursRuns.append(try seconds { _ = try SHA256.hash(fileAt: model) })
            theirsRuns.append(try seconds { _ = try Shell.sha256sum(model) })
        }
        let ours = oursRuns.sorted()[1], theirs = theirsRuns.sorted()[1]
        let ratio = theirs / ours
        print("sha256: ours \(String(format: "%.3f", ours)) s (\(String(format: "%.0f", size / ours / 1e6)) MB/s), "
            + "sha256sum \(String(format: "%.3f", theirs)) s (\(String(format: "%.0f", size / theirs / 1e6)) MB/s), "
            + "ratio \(String(format: "%.2f", ratio))x")
        #expect(ratio >= 0.5)
    }

    /// In-memory throughput of each compression function on 256 MiB, as this thread's CPU time
    /// (wall time on a shared machine mostly measures the other processes).
    @Test func implementationsThroughput() {
        let size = 256 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        for i in stride(from: 0, to: size, by: 4096) { buffer[i] = UInt8(truncatingIfNeeded: i >> 12) }
        func cpuSeconds() -> Double {
            var ts = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
            return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
        }
        var digests: [String] = []
        for implementation in SHA256.Implementation.allCases where implementation == .portable || SHA256.hardwareAvailable {
            var runs: [Double] = []
            for _ in 0..<3 {
                var hasher = SHA256(implementation: implementation)
                let start = cpuSeconds()
                hasher.update(UnsafeRawBufferPointer(buffer))
                runs.append(cpuSeconds() - start)
                digests.append(hasher.finalizeHex())
            }
            let median = runs.sorted()[1]
            print("sha256 \(implementation): \(String(format: "%.0f", Double(size) / median / 1e6)) MB/s (CPU time, median of 3)")
        }
        #expect(Set(digests).count == 1)
    }
}
