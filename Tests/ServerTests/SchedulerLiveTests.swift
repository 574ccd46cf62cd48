import Foundation
import Server
import Testing

extension LiveGenerationTests {
    /// Loading, keep-alive and unloading as `/api/ps` shows them.
    @Suite struct SchedulerLiveTests {
        @Test func loadReportsInPsAndUnloadRemoves() throws {
            let live = try GenerationTestServer.get()
            let (status, lines) = try live.post("/api/generate", #"{"model": "smol"}"#)
            #expect(status == 200)
            #expect(lines.first?["done_reason"] == "load")
            #expect(lines.first?["response"] == "")
            let ps = try live.client.ps()
            let loaded = try #require(ps.models.first { $0.name == "smol:latest" })
            // The trained context (8192) fits the memory budget: no silent 2048.
            #expect(loaded.contextLength == 8192)
            #expect(loaded.sizeVRAM == 0)
            #expect(loaded.size > 98_000_000)
            #expect(loaded.digest.count == 64)
            #expect(loaded.details.family == "llama")
            let remaining = loaded.expiresAt.timeIntervalSinceNow
            #expect(remaining > 200 && remaining <= 300)

            let (unloadStatus, unload) = try live.post("/api/generate", #"{"model": "smol", "keep_alive": 0}"#)
            #expect(unloadStatus == 200)
            #expect(unload.first?["done_reason"] == "unload")
            #expect(try live.client.ps().models.isEmpty)
        }

        @Test func chatLoadsAndUnloads() throws {
            let live = try GenerationTestServer.get()
            let (_, load) = try live.post("/api/chat", #"{"model": "smol", "messages": [], "keep_alive": "10m"}"#)
            #expect(load.first?["done_reason"] == "load")
            #expect(load.first?["message"]?["role"] == "assistant")
            let remaining = try #require(try live.client.ps().models.first).expiresAt.timeIntervalSinceNow
            #expect(remaining > 590 && remaining <= 600)
            let (_, unload) = try live.post("/api/chat", #"{"model": "smol", "messages": [], "keep_alive": 0}"#)
            #expect(unload.first?["done_reason"] == "unload")
            #expect(try live.client.ps().models.isEmpty)
        }

        @Test func keepAliveForeverAndExpiry() throws {
            let live = try GenerationTestServer.get()
            _ = try live.post("/api/generate", #"{"model": "smol", "keep_alive": -1}"#)
            let forever = try #require(try live.client.ps().models.first).expiresAt.timeIntervalSinceNow
            #expect(forever > 100 * 365 * 86400)
            // A request without keep_alive keeps the runner's value; one with "1s" expires it soon after.
            _ = try live.post("/api/generate", #"{"model": "smol", "prompt": "Hi", "stream": false, "keep_alive": "1s", "options": {"num_predict": 1}}"#)
            #expect(try live.client.ps().models.count == 1)
            Thread.sleep(forTimeInterval: 1.6)
            #expect(try live.client.ps().models.isEmpty)
        }

        @Test func keepAliveZeroWithPromptUnloadsAfterAnswering() throws {
            let live = try GenerationTestServer.get()
            let (status, lines) = try live.post("/api/generate", #"{"model": "smol", "prompt": "Hi", "stream": false, "keep_alive": 0, "options": {"num_predict": 2}}"#)
            #expect(status == 200)
            #expect(lines.first?["eval_count"] == 2)
            #expect(try live.client.ps().models.isEmpty)
        }

        /// Two requests at once are served one after the other, in arrival order.
        @Test func requestsToOneModelRunInArrivalOrder() throws {
            let live = try GenerationTestServer.get()
            _ = try live.post("/api/generate", #"{"model": "smol"}"#)
            let finished = Locked<[String]>([])
            let group = DispatchGroup()
            for (i, delay) in [(0, 0.0), (1, 0.2)] {
                group.enter()
                DispatchQueue.global().asyncAfter(deadline: .now() + delay) {
                    defer { group.leave() }
                    let body = #"{"model": "smol", "prompt": "Story \#(i)", "stream": false, "options": {"num_predict": 20, "temperature": 0}}"#
                    if let (status, _) = try? live.post("/api/generate", body), status == 200 {
                        finished.withValue { $0.append("r\(i)") }
                    }
                }
            }
            group.wait()
            #expect(finished.current == ["r0", "r1"])
        }
    }
}
