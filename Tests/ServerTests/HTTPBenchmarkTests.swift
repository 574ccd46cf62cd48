import Foundation
import Server
import Testing

/// Opt-in throughput check with `wrk` (set `OLLAMA_HTTP_BENCH=1`; needs `wrk` on PATH):
/// a trivial `GET /api/version` with keep-alive, 2 threads, 64 connections, 10 s, loopback only.
@Suite struct HTTPBenchmarkTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["OLLAMA_HTTP_BENCH"] != nil))
    func versionRouteThroughputWithWrk() throws {
        let server = try TestServer { router in
            let body = Array("{\"version\":\"0.33.0\"}".utf8)
            router.get("/api/version", head: true) { _, response in
                try response.send(.ok, headers: ["Content-Type": "application/json; charset=utf-8"], body: body)
            }
        }
        defer { server.stop() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["wrk", "-t2", "-c64", "-d10s", "http://127.0.0.1:\(server.port)/api/version"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(output)
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("Requests/sec:") })
        let rate = try #require(Double(line.split(separator: " ").last ?? ""))
        #expect(rate > 10_000)
        #expect(!output.contains("Non-2xx"))
        #expect(!output.contains("Socket errors"))
    }
}
