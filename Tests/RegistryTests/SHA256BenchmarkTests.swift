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
}
