import Foundation

/// One download per blob in this process, however many pulls want it.
///
/// The first caller starts the download as a task of its own; later callers join it and get
/// its progress and its result. Each caller waits on its own continuation: a caller that is
/// cancelled (its client went away) leaves at once, and the download goes on while at least
/// one caller still waits. When the last one leaves, the download is cancelled and its partial
/// state kept for a later resume. Across processes the `flock` of `PartialDownload` serializes.
final class DownloadCoordinator: @unchecked Sendable {
    static let shared = DownloadCoordinator()

    typealias Progress = @Sendable (Int64) -> Void

    private final class Flight {
        var task: Task<Void, Never>?
        var waiters: [UUID: (continuation: CheckedContinuation<BlobDownloader.Outcome, any Error>, progress: Progress)] = [:]
        var lastProgress: Int64 = 0
    }

    private let lock = NSLock()
    private var flights: [String: Flight] = [:]

    /// Downloads (or joins the download of) the blob identified by `key` (its path).
    /// - Returns: the outcome of the shared download; a joiner gets `fetched` of the whole flight.
    func run(key: String, progress: @escaping Progress,
             start: @escaping @Sendable (@escaping Progress) async throws -> BlobDownloader.Outcome)
        async throws -> BlobDownloader.Outcome {
        let id = UUID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let (flight, isNew, current) = lock.withLock { () -> (Flight, Bool, Int64) in
                    if let flight = flights[key] {
                        flight.waiters[id] = (continuation, progress)
                        return (flight, false, flight.lastProgress)
                    }
                    let flight = Flight()
                    flight.waiters[id] = (continuation, progress)
                    flights[key] = flight
                    return (flight, true, 0)
                }
                if !isNew {
                    progress(current)
                    if Task.isCancelled { leave(key: key, id: id) }
                    return
                }
                let task = Task { [self] in
                    let result: Result<BlobDownloader.Outcome, any Error>
                    do {
                        result = .success(try await start { value in self.broadcast(flight, value) })
                    } catch {
                        result = .failure(error)
                    }
                    finish(key: key, flight: flight, result: result)
                }
                if Task.isCancelled { leave(key: key, id: id) }
                let orphaned = lock.withLock { () -> Bool in
                    flight.task = task
                    return flights[key] !== flight
                }
                if orphaned { task.cancel() }
            }
        } onCancel: {
            leave(key: key, id: id)
        }
    }

    private func broadcast(_ flight: Flight, _ value: Int64) {
        let listeners = lock.withLock { () -> [Progress] in
            flight.lastProgress = value
            return flight.waiters.values.map(\.progress)
        }
        for listener in listeners { listener(value) }
    }

    private func finish(key: String, flight: Flight, result: Result<BlobDownloader.Outcome, any Error>) {
        let waiters = lock.withLock { () -> [CheckedContinuation<BlobDownloader.Outcome, any Error>] in
            if flights[key] === flight { flights[key] = nil }
            defer { flight.waiters = [:] }
            return flight.waiters.values.map(\.continuation)
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    /// Removes a cancelled waiter; cancels the download when nobody waits any more.
    private func leave(key: String, id: UUID) {
        let (waiter, orphanedTask) = lock.withLock {
            () -> (CheckedContinuation<BlobDownloader.Outcome, any Error>?, Task<Void, Never>?) in
            guard let flight = flights[key], let waiter = flight.waiters.removeValue(forKey: id) else { return (nil, nil) }
            guard flight.waiters.isEmpty else { return (waiter.continuation, nil) }
            // Nobody waits: a new caller must start afresh (it resumes from the saved parts).
            flights[key] = nil
            return (waiter.continuation, flight.task)
        }
        waiter?.resume(throwing: RegistryClientError.cancelled)
        orphanedTask?.cancel()
    }

    /// Number of downloads in flight (for tests and diagnostics).
    var activeCount: Int { lock.withLock { flights.count } }
}
