import Foundation

/// A mutual-exclusion lock granted in arrival order: requests to one model run one at a time,
/// first come first served. A waiter that is cancelled leaves the queue without taking a turn.
package final class FIFOLock: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [UInt64] = []
    private var next: UInt64 = 0
    private var held = false

    package init() {}

    /// Waits for the turn of this caller.
    /// - Throws: `GenerationError.cancelled` when `isCancelled` turns true while waiting.
    package func acquire(isCancelled: () -> Bool) throws {
        condition.lock()
        defer { condition.unlock() }
        let ticket = next
        next += 1
        queue.append(ticket)
        while held || queue.first != ticket {
            if isCancelled() {
                queue.removeAll { $0 == ticket }
                condition.broadcast()
                throw GenerationError.cancelled
            }
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
        }
        queue.removeFirst()
        held = true
    }

    /// Ends the current holder's turn.
    package func release() {
        condition.lock()
        held = false
        condition.broadcast()
        condition.unlock()
    }

    /// Callers waiting for a turn.
    package var waiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return queue.count
    }
}
