import Foundation
import Registry
import Testing
import TestSupport

/// Pull of the 253 MB Gemma 3 blob from a local registry against `curl` of the same blob URL,
/// interleaved in one run, median of 3. Our pull also verifies the SHA-256 and publishes the
/// blob, so `curl | sha256sum` is printed too as the like-for-like figure.
/// Opt-in (`OLLAMA_BENCH=1`, run by `scripts/bench-registry.sh`): timings need a quiet machine.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["OLLAMA_BENCH"] == "1"))
struct RegistryBenchmarkTests {
    @Test func pullAgainstCurl() async throws {
        let registry = try await LocalRegistry.start()
        defer { registry.stop() }
        let source = try TemporaryDirectory(prefix: "bench-src")
        defer { source.remove() }
        let name = try ModelName(parsing: "\(registry.host)/library/gemma:latest")
        let stored = try RegistryModelFixture.install(try TestPaths.require(TestPaths.gemma3), as: name, root: source.url)
        let client = RegistryClient(userAgent: "ollama-swift-bench")
        let options = TransferOptions(insecure: true)
        try await client.push(name, root: source.url, options: options)
        let blob = stored.manifest.layers[0]
        let url = "http://\(registry.host)/v2/library/gemma/blobs/\(blob.digest)"

        func seconds(_ body: () async throws -> Void) async rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try await body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        func shell(_ command: String) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw LocalRegistryError.exited("`\(command)` failed") }
        }
        var ours: [Double] = [], curl: [Double] = [], curlHash: [Double] = [], curlFile: [Double] = []
        for _ in 0..<3 {
            let target = try TemporaryDirectory(prefix: "bench-dst")
            ours.append(try await seconds {
                try await client.pull(name, root: target.url, options: options)
            })
            #expect(try SHA256.hash(fileAt: BlobStore(root: target.url).path(of: blob.digest)) == blob.digest)
            target.remove()
            defer { try? FileManager.default.removeItem(atPath: target.path + "-curl") }
            curl.append(try await seconds { try shell("curl -sf -o /dev/null '\(url)'") })
            curlHash.append(try await seconds { try shell("curl -sf '\(url)' | sha256sum > /dev/null") })
            curlFile.append(try await seconds { try shell("curl -sf -o \(target.path)-curl '\(url)' && sha256sum \(target.path)-curl >/dev/null && rm \(target.path)-curl") })
        }
        let median = { (runs: [Double]) in runs.sorted()[runs.count / 2] }
        let mb = Double(blob.size) / 1e6
        func line(_ label: String, _ t: Double) -> String {
            "\(label) \(String(format: "%.3f", t)) s (\(String(format: "%.0f", mb / t)) MB/s)"
        }
        print("registry pull of \(blob.size) B, median of 3: " + line("ours", median(ours)) + ", "
            + line("curl", median(curl)) + ", " + line("curl|sha256sum", median(curlHash)) + ", "
            + line("curl -o file && sha256sum file", median(curlFile)) + ", "
            + "speed ratio vs curl \(String(format: "%.2f", median(curl) / median(ours)))x, "
            + "vs curl|sha256sum \(String(format: "%.2f", median(curlHash) / median(ours)))x, "
            + "vs curl to file + sha256sum \(String(format: "%.2f", median(curlFile) / median(ours)))x")
    }
}
