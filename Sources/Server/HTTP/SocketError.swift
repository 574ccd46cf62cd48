#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure of a socket system call, or a connection-level event the HTTP layer reacts to.
package enum SocketError: Error, CustomStringConvertible {
    /// A system call failed with `errno`.
    case system(operation: String, errno: Int32)
    /// No data arrived before the deadline.
    case timedOut
    /// The peer closed the connection (EOF, `EPIPE`, `ECONNRESET`).
    case closed
    /// The server is shutting down and the connection was idle.
    case shuttingDown

    /// Captures the current `errno` for `operation`.
    package static func lastError(_ operation: String) -> SocketError {
        let code = errno
        if code == EPIPE || code == ECONNRESET || code == ENOTCONN {
            return .closed
        }
        return .system(operation: operation, errno: code)
    }

    package var description: String {
        switch self {
        case .system(let operation, let code):
            return "\(operation): \(String(cString: strerror(code)))"
        case .timedOut:
            return "i/o timeout"
        case .closed:
            return "connection closed by peer"
        case .shuttingDown:
            return "server shutting down"
        }
    }
}

/// Milliseconds on the monotonic clock, for deadlines.
package func monotonicMilliseconds() -> Int {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Int(now.tv_sec) * 1000 + Int(now.tv_nsec) / 1_000_000
}
