import Foundation

/// Reusable threads that each serve one connection at a time.
///
/// Threads are created lazily up to the number of connections in flight and then kept, so a
/// new connection costs a queue hand-off rather than a thread spawn. Idle threads exit at `shutdown()`.
final class ConnectionPool {
    private let condition = NSCondition()
    private var pending: [Int32] = []
    private var idle = 0
    private var threads = 0
    private var isShutDown = false
    private let stackSize: Int
    private let serve: (Int32) -> Void

    /// - Parameters:
    ///   - stackSize: bytes of stack per thread (handlers may run inference).
    ///   - serve: serves one accepted socket to completion (and closes it).
    init(stackSize: Int, serve: @escaping (Int32) -> Void) {
        self.stackSize = stackSize
        self.serve = serve
    }

    /// Hands an accepted socket to an idle thread, or to a new one.
    func submit(_ fd: Int32) {
        condition.lock()
        pending.append(fd)
        let needsThread = idle < pending.count
        if needsThread { threads += 1 }
        condition.signal()
        condition.unlock()
        if needsThread {
            let thread = Thread { [self] in workerLoop() }
            thread.stackSize = stackSize
            thread.name = "http-connection"
            thread.start()
        }
    }

    /// Lets idle threads exit; busy ones exit after their connection.
    func shutdown() {
        condition.lock()
        isShutDown = true
        condition.broadcast()
        condition.unlock()
    }

    private func workerLoop() {
        while true {
            condition.lock()
            idle += 1
            while pending.isEmpty, !isShutDown { condition.wait() }
            idle -= 1
            guard !pending.isEmpty else {
                threads -= 1
                condition.unlock()
                return
            }
            let fd = pending.removeFirst()
            condition.unlock()
            serve(fd)
        }
    }
}
