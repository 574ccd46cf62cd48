import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloads one blob into the store: parallel `Range` requests into a resumable `-partial`
/// file, stall detection, retries with backoff, SHA-256 verified before the blob is published.
struct BlobDownloader {
    let session: RegistrySession
    let store: BlobStore
    let options: TransferOptions

    /// What a finished download did.
    struct Outcome: Sendable {
        /// Bytes received from the network by this run.
        var fetched: Int64
        /// Bytes that were already on disk from an interrupted run.
        var resumed: Int64
    }

    /// Fetches `digest` (`size` bytes per the manifest) unless it is already stored.
    /// `progress` gets the bytes on disk so far (throttled), from any thread.
    /// - Throws: `RegistryClientError.digestMismatch` / `.sizeMismatch` (nothing is left behind),
    ///   `.cancelled` (the partial is kept for a resume), transport and status errors.
    func download(_ digest: Digest, size: Int64, progress: @escaping @Sendable (Int64) -> Void) async throws -> Outcome {
        guard let partial = try await PartialDownload.open(
            store: store, digest: digest, total: size,
            minPartSize: options.minPartSize, maxPartSize: options.maxPartSize)
        else { return Outcome(fetched: 0, resumed: 0) }
        defer { partial.close() }
        let reporter = ProgressThrottle(interval: options.progressInterval, report: progress)
        reporter.update(partial.completedBytes, force: true)

        let url = session.endpoint.blob(digest)
        // HEAD first: answers the auth challenge once for all parts, and checks the size.
        let (head, body) = try await withRetries { try await session.send("HEAD", url, limit: 0) }
        try RegistrySession.check(head, body)
        if let length = head.value(forHTTPHeaderField: "Content-Length").flatMap(Int64.init), length != size {
            partial.discard()
            throw RegistryClientError.sizeMismatch(digest: digest, want: size, got: length)
        }

        let follower = HashFollower(download: partial)
        follower.start()
        let counter = ByteCounter()
        do {
            try await fetchParts(partial, url: url, follower: follower, counter: counter, reporter: reporter)
        } catch {
            follower.stop()
            _ = try? await follower.finish()
            partial.saveAll()
            if case RegistryClientError.sizeMismatch = error { partial.discard() }
            throw error
        }
        reporter.update(partial.completedBytes, force: true)
        let got = try await follower.finish()
        guard got == digest else {
            partial.discard()
            throw RegistryClientError.digestMismatch(want: digest, got: got)
        }
        try partial.publish()
        return Outcome(fetched: counter.value, resumed: partial.resumedBytes)
    }

    /// Runs the incomplete parts, at most `maxStreams` at a time.
    private func fetchParts(_ partial: PartialDownload, url: URL, follower: HashFollower, counter: ByteCounter,
                            reporter: ProgressThrottle) async throws {
        let pending = partial.snapshot.filter { !$0.isComplete }.map(\.N)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func addNext() {
                guard next < pending.count else { return }
                let index = pending[next]
                next += 1
                group.addTask {
                    try await fetchPart(index, partial: partial, url: url, follower: follower, counter: counter,
                                        reporter: reporter)
                }
            }
            for _ in 0..<max(1, options.maxStreams) { addNext() }
            while try await group.next() != nil { addNext() }
        }
    }

    /// Completes one part, restarting stalled requests and retrying failures with backoff.
    private func fetchPart(_ index: Int, partial: PartialDownload, url: URL, follower: HashFollower,
                           counter: ByteCounter, reporter: ProgressThrottle) async throws {
        var failures = 0
        while let part = partial.snapshot.dropFirst(index).first, !part.isComplete {
            if Task.isCancelled { throw RegistryClientError.cancelled }
            let before = part.Completed
            do {
                try await fetchRange(part, partial: partial, url: url, follower: follower, counter: counter,
                                     reporter: reporter)
                if partial.snapshot[index].isComplete { return }
                throw RegistryClientError.transport("connection closed before the end of the range")
            } catch RegistryClientError.stalled {
                continue
            } catch let error as RegistryClientError where error.isRetryable {
                // Progress resets the count: only consecutive fruitless attempts exhaust it.
                if partial.snapshot[index].Completed > before { failures = 0 }
                failures += 1
                if failures > options.maxRetries { throw error }
                let delay = options.retryDelay * Double(1 << min(failures - 1, 10))
                try? await Task.sleep(nanoseconds: UInt64(delay * 1e9))
            }
        }
    }

    /// One `GET` with `Range: bytes=<next>-<last>` streamed into the partial file.
    private func fetchRange(_ part: PartState, partial: PartialDownload, url: URL, follower: HashFollower,
                            counter: ByteCounter, reporter: ProgressThrottle) async throws {
        let request = session.request("GET", url, headers: ["Range": "bytes=\(part.nextByte)-\(part.lastByte)"])
        let control = StreamControl()
        let watchdog = StallWatchdog(timeout: options.stallTimeout, control: control)
        defer { watchdog.cancel() }
        let total = partial.total
        let digest = partial.digest
        _ = try await session.transport.stream(request, control: control, onResponse: { response in
            watchdog.touch()
            try Self.checkRange(response, part: part, total: total, digest: digest)
        }, onData: { data in
            watchdog.touch()
            try partial.write(data, part: part.N)
            counter.add(Int64(data.count))
            follower.notify()
            reporter.update(partial.completedBytes, force: false)
        })
    }

    /// Accepts `206` with the requested `Content-Range` (or `200` for a range covering the whole blob).
    static func checkRange(_ response: HTTPURLResponse, part: PartState, total: Int64, digest: Digest) throws {
        switch response.statusCode {
        case 206:
            guard let header = response.value(forHTTPHeaderField: "Content-Range"),
                  let range = ContentRange(header) else {
                throw RegistryClientError.protocolViolation("206 without a Content-Range")
            }
            if let size = range.total, size != total {
                throw RegistryClientError.sizeMismatch(digest: digest, want: total, got: size)
            }
            guard range.first == part.nextByte, range.last <= part.lastByte else {
                throw RegistryClientError.protocolViolation("Content-Range \(header) for bytes \(part.nextByte)-\(part.lastByte)")
            }
        case 200:
            let length = response.value(forHTTPHeaderField: "Content-Length").flatMap(Int64.init)
            if let length, length != total {
                throw RegistryClientError.sizeMismatch(digest: digest, want: total, got: length)
            }
            guard part.nextByte == 0, part.lastByte == total - 1 else {
                throw RegistryClientError.protocolViolation("registry ignored the Range request")
            }
        case 401: throw RegistryClientError.unauthorized
        case 404: throw RegistryClientError.fileDoesNotExist
        default: throw RegistryClientError.status(code: response.statusCode, body: "")
        }
    }

    /// Runs `body`, retrying retryable errors with backoff.
    private func withRetries<T>(_ body: () async throws -> T) async throws -> T {
        var failures = 0
        while true {
            do {
                return try await body()
            } catch let error as RegistryClientError where error.isRetryable && failures < options.maxRetries {
                failures += 1
                try? await Task.sleep(nanoseconds: UInt64(options.retryDelay * Double(1 << min(failures - 1, 10)) * 1e9))
                if Task.isCancelled { throw RegistryClientError.cancelled }
            }
        }
    }
}

/// `Content-Range: bytes <first>-<last>/<total|*>`.
package struct ContentRange: Equatable {
    package let first: Int64
    package let last: Int64
    package let total: Int64?

    package init?(_ header: String) {
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("bytes ") else { return nil }
        let parts = text.dropFirst(6).split(separator: "/", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let bounds = parts[0].split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2, let first = Int64(bounds[0]), let last = Int64(bounds[1]), first >= 0, last >= first
        else { return nil }
        self.first = first
        self.last = last
        if parts[1] == "*" {
            total = nil
        } else {
            guard let total = Int64(parts[1]), total > last else { return nil }
            self.total = total
        }
    }
}
