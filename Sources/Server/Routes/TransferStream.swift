import Foundation
import Registry

/// Runs an async registry transfer (pull or push) for a synchronous route handler and streams its
/// statuses as NDJSON on the handler's thread.
///
/// The transfer runs in a task; its progress reports are queued and written in order. The handler
/// checks the connection every second while nothing happens, and a failed write or a closed
/// connection cancels the task: this client stops waiting, while a blob download shared with
/// another waiting client goes on (`DownloadCoordinator`). With `stream: false` only the last
/// status is sent (an error gets status 500), as ollama does.
final class TransferStream: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [ProgressResponse] = []
    private var outcome: Result<Void, any Error>?

    /// Called by the transfer for every report (from any thread).
    func report(_ progress: TransferProgress) {
        let line = ProgressResponse(status: progress.status, digest: progress.digest?.description ?? "",
                                    total: progress.total ?? 0, completed: progress.completed ?? 0)
        condition.lock()
        // Drop a stale report of the same layer that was not written yet: only the newest counts.
        if let last = queue.last, !line.digest.isEmpty, last.digest == line.digest, last.status == line.status {
            queue[queue.count - 1] = line
        } else {
            queue.append(line)
        }
        condition.signal()
        condition.unlock()
    }

    /// Runs `work` and streams its reports to `response` until it ends or the client leaves.
    func run(stream: Bool, response: HTTPResponseWriter, work: @escaping @Sendable (TransferStream) async throws -> Void) throws {
        let task = Task { [self] in
            let result: Result<Void, any Error>
            do {
                try await work(self)
                result = .success(())
            } catch {
                result = .failure(error)
            }
            finish(result)
        }
        if stream {
            try response.startNDJSON()
        }
        var last: ProgressResponse?
        while true {
            condition.lock()
            while queue.isEmpty && outcome == nil {
                if !condition.wait(until: Date() + 1) {
                    condition.unlock()
                    guard response.connectionIsAlive() else {
                        task.cancel()
                        return
                    }
                    condition.lock()
                }
            }
            let lines = queue
            queue.removeAll()
            let done = outcome
            condition.unlock()
            for line in lines {
                last = line
                guard stream else { continue }
                do {
                    try response.writeAPILine(line)
                } catch {
                    task.cancel()
                    throw error
                }
            }
            guard let done else { continue }
            switch done {
            case .success:
                if !stream { try response.sendAPI(last ?? ProgressResponse(status: "success")) }
            case let .failure(error):
                let message = Self.message(error)
                if stream {
                    try response.writeAPILine(["error": message])
                } else {
                    try response.sendError(.internalServerError, message: message)
                }
            }
            return
        }
    }

    private func finish(_ result: Result<Void, any Error>) {
        condition.lock()
        outcome = result
        condition.signal()
        condition.unlock()
    }

    /// The text of a transfer error (ollama's wording).
    static func message(_ error: any Error) -> String {
        if let error = error as? RegistryClientError { return error.description }
        if let error = error as? RegistryError { return error.description }
        if let error = error as? APIError { return error.message }
        return "\(error)"
    }
}
