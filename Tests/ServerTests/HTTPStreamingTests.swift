import Foundation
import Server
import Testing
import TestSupport

/// Streaming both ways, disconnect detection, concurrency and shutdown.
@Suite struct HTTPStreamingTests {
    @Test func largeUploadIsReadIncrementally() throws {
        let total = 50 * 1024 * 1024
        // What the client had sent when the handler read its first bytes (nil: not yet read).
        let progress = Locked<[Int64]>([])
        let seen = Locked((bytes: 0, largestRead: 0, hash: UInt64(0), sentAtFirstRead: Int64(-1)))
        let server = try TestServer { router in
            router.post("/api/blobs/:digest", bodyLimit: .unlimited) { request, response in
                var hash = FNV1a()
                var buffer = [UInt8](repeating: 0, count: 64 * 1024)
                var count = 0, largest = 0, sentAtFirstRead: Int64 = -1
                while true {
                    let n = try buffer.withUnsafeMutableBytes { try request.body.read(into: $0) }
                    if n == 0 { break }
                    buffer.withUnsafeBytes { hash.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                    count += n
                    largest = max(largest, n)
                    if sentAtFirstRead < 0 { sentAtFirstRead = progress.current.last ?? 0 }
                }
                seen.withValue { $0 = (count, largest, hash.value, sentAtFirstRead) }
                try response.send(.created)
            }
        }
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appendingPathComponent("blob")
        var content = [UInt8](repeating: 0, count: total)
        for index in stride(from: 0, to: total, by: 4093) { content[index] = UInt8(truncatingIfNeeded: index / 4093) }
        try Data(content).write(to: file)
        var expected = FNV1a()
        content.withUnsafeBytes { expected.update($0) }
        content = []

        let response = try server.client.send(.post, "/api/blobs/sha256:x",
                                              body: .file(path: file.path, progress: { sent in progress.withValue { $0.append(sent) } }))
        #expect(response.status.code == 201)
        let result = seen.current
        #expect(result.bytes == total)
        #expect(result.hash == expected.value)
        #expect(result.largestRead <= 64 * 1024)
        // The body is not held: the handler read its first bytes while the client was still sending
        // (a server that buffered the body would start the handler only after all 50 MB arrived).
        #expect(result.sentAtFirstRead >= 0 && result.sentAtFirstRead < Int64(total) / 2)
        #expect(progress.current.last == Int64(total))
        #expect(progress.current.count >= 50)
    }

    @Test func ndjsonLinesArriveBeforeTheHandlerFinishes() throws {
        let lines = 5
        let gates = (0..<lines).map { _ in DispatchSemaphore(value: 0) }
        let server = try TestServer { router in
            router.post("/api/generate") { _, response in
                try response.startStream(.ok, headers: ["Content-Type": "application/x-ndjson"])
                for index in 0..<lines {
                    try response.write("{\"response\":\"t\(index)\",\"done\":\(index == lines - 1)}\n")
                    if index < lines - 1, gates[index].wait(timeout: .now() + 5) == .timedOut {
                        throw HTTPError(.internalServerError, "client never read line \(index)")
                    }
                }
            }
        }
        defer { server.stop() }
        let response = try server.client.send(.post, "/api/generate", body: .bytes(Array("{}".utf8)))
        #expect(response.status.code == 200)
        #expect(response.headers["Transfer-Encoding"] == "chunked")
        for index in 0..<lines {
            let line = try #require(try response.readLine())
            #expect(String(decoding: line, as: UTF8.self) == "{\"response\":\"t\(index)\",\"done\":\(index == lines - 1)}")
            gates[index].signal()  // the handler only continues once this line was received
        }
        #expect(try response.readLine() == nil)
    }

    @Test func clientDisconnectFlipsCancellationQuickly() throws {
        let detected = DispatchSemaphore(value: 0)
        let closedAt = Locked<Date?>(nil)
        let detectedAt = Locked<Date?>(nil)
        let server = try TestServer { router in
            router.post("/api/chat") { _, response in
                try response.startStream()
                try response.write("{\"message\":\"first\"}\n")
                let deadline = Date(timeIntervalSinceNow: 5)
                while Date() < deadline {  // "generating": no writes, just polling between tokens
                    if response.isCancelled {
                        detectedAt.withValue { $0 = Date() }
                        detected.signal()
                        return
                    }
                    usleep(2_000)
                }
            }
        }
        defer { server.stop() }
        let response = try server.client.send(.post, "/api/chat", body: .bytes(Array("{}".utf8)))
        _ = try response.readLine()
        closedAt.withValue { $0 = Date() }
        response.close()
        #expect(detected.wait(timeout: .now() + 3) == .success)
        let delay = try #require(detectedAt.current).timeIntervalSince(try #require(closedAt.current))
        #expect(delay < 0.1)
    }

    @Test func writesToADisconnectedClientFailAndCancel() throws {
        let outcome = Locked<(threw: Bool, cancelled: Bool)?>(nil)
        let done = DispatchSemaphore(value: 0)
        let server = try TestServer { router in
            router.get("/stream") { _, response in
                try response.startStream()
                var threw = false
                for _ in 0..<2000 {
                    do {
                        try response.write(String(repeating: "x", count: 1000) + "\n")
                    } catch {
                        threw = true
                        break
                    }
                    usleep(1000)
                }
                outcome.withValue { $0 = (threw, response.isCancelled) }
                done.signal()
            }
        }
        defer { server.stop() }
        let response = try server.client.send(.get, "/stream")
        _ = try response.readLine()
        response.close()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(outcome.current?.threw == true)
        #expect(outcome.current?.cancelled == true)
    }

    @Test func manyConcurrentConnectionsAreAllServed() throws {
        let inFlight = Locked((now: 0, peak: 0))
        let server = try TestServer { router in
            router.get("/work") { _, response in
                inFlight.withValue { $0.now += 1; $0.peak = max($0.peak, $0.now) }
                usleep(50_000)
                inFlight.withValue { $0.now -= 1 }
                try response.send(.ok, contentType: "text/plain", body: "done")
            }
        }
        defer { server.stop() }
        let successes = Locked(0)
        let client = server.client
        let group = DispatchGroup()
        for _ in 0..<64 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                if let response = try? client.send(.get, "/work"), response.status.code == 200,
                   (try? response.readAll()) == Array("done".utf8) {
                    successes.withValue { $0 += 1 }
                }
            }
        }
        #expect(group.wait(timeout: .now() + 30) == .success)
        #expect(successes.current == 64)
        #expect(inFlight.current.peak > 8)
    }

    @Test func stopLetsInFlightRequestsFinishThenRefusesConnections() throws {
        let started = DispatchSemaphore(value: 0)
        let server = try TestServer { router in
            router.get("/slow") { _, response in
                started.signal()
                usleep(300_000)
                try response.send(.ok, contentType: "text/plain", body: "finished")
            }
        }
        let port = server.port
        let idle = try server.raw()  // an idle keep-alive connection must not hold up shutdown
        let result = Locked<String?>(nil)
        let finished = DispatchSemaphore(value: 0)
        let client = server.client
        Thread.detachNewThread {
            let response = try? client.send(.get, "/slow")
            result.withValue { $0 = (try? response?.readAll()).flatMap { $0.map { String(decoding: $0, as: UTF8.self) } } }
            finished.signal()
        }
        #expect(started.wait(timeout: .now() + 5) == .success)
        let begin = Date()
        let waiter = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            server.server.waitUntilStopped()
            waiter.signal()
        }
        server.stop()
        let elapsed = Date().timeIntervalSince(begin)
        #expect(waiter.wait(timeout: .now() + 2) == .success)
        #expect(finished.wait(timeout: .now() + 5) == .success)
        #expect(result.current == "finished")
        #expect(elapsed < 1.5)
        #expect(idle.isClosedByServer(within: 1000))
        #expect(throws: HTTPClientError.connectionRefused(host: "127.0.0.1", port: port)) {
            _ = try HTTPClient(host: "127.0.0.1", port: port, connectTimeout: 1).send(.get, "/")
        }
    }

    @Test func stopClosesStuckConnectionsAfterTheGracePeriod() throws {
        let cancelled = DispatchSemaphore(value: 0)
        let server = try TestServer(configure: { $0.shutdownGracePeriod = 0.2 }) { router in
            router.get("/forever") { _, response in
                try response.startStream()
                while !response.isCancelled { usleep(5_000) }
                cancelled.signal()
            }
        }
        let response = try server.client.send(.get, "/forever")
        #expect(response.status.code == 200)
        let begin = Date()
        server.stop()
        #expect(Date().timeIntervalSince(begin) < 2)
        #expect(cancelled.wait(timeout: .now() + 2) == .success)
    }
}
