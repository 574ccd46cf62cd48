#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens a non-blocking TCP connection with a timeout, telling "nothing listens" apart.
package enum HTTPClientConnector {
    /// Connects to `host:port` (name or IP literal), trying each resolved address in turn.
    ///
    /// - Throws: `HTTPClientError.connectionRefused` when every address refused,
    ///   `.timedOut`, `.cannotResolve`, or `.io`.
    package static func connect(host: String, port: Int, timeout: Double) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        var literal = host
        if literal.hasPrefix("["), literal.hasSuffix("]") { literal = String(literal.dropFirst().dropLast()) }
        guard getaddrinfo(literal, String(port), &hints, &list) == 0, let first = list else {
            throw HTTPClientError.cannotResolve(host: host)
        }
        defer { freeaddrinfo(list) }
        var lastError = HTTPClientError.connectionRefused(host: host, port: port)
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            cursor = entry.pointee.ai_next
            guard let address = entry.pointee.ai_addr else { continue }
            do {
                return try attempt(address, entry.pointee.ai_addrlen, family: entry.pointee.ai_family,
                                   host: host, port: port, timeout: timeout)
            } catch let error as HTTPClientError {
                // Prefer reporting "refused" only when no address gave a different answer.
                if !error.isConnectionRefused || lastError.isConnectionRefused { lastError = error }
            }
        }
        throw lastError
    }

    private static func attempt(_ address: UnsafePointer<sockaddr>, _ length: socklen_t, family: Int32,
                                host: String, port: Int, timeout: Double) throws -> Int32 {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HTTPClientError.io("socket: \(String(cString: strerror(errno)))") }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        if Glibc.connect(fd, address, length) != 0 {
            guard errno == EINPROGRESS else {
                let code = errno
                close(fd)
                throw failure(code, host: host, port: port)
            }
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            var ready: Int32
            repeat { ready = poll(&pfd, 1, Int32(clamping: Int(timeout * 1000))) } while ready < 0 && errno == EINTR
            guard ready > 0 else {
                close(fd)
                throw HTTPClientError.timedOut
            }
            var code: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &size)
            guard code == 0 else {
                close(fd)
                throw failure(code, host: host, port: port)
            }
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    private static func failure(_ code: Int32, host: String, port: Int) -> HTTPClientError {
        if code == ECONNREFUSED { return .connectionRefused(host: host, port: port) }
        if code == ETIMEDOUT { return .timedOut }
        return .io("dial tcp \(host):\(port): \(String(cString: strerror(code)))")
    }
}
