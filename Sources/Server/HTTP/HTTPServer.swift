import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Errors starting the server.
public enum HTTPServerError: Error, CustomStringConvertible {
    /// The host is not an IP literal or `localhost`.
    case invalidHost(String)
    /// `socket`/`bind`/`listen` failed.
    case listenFailed(address: String, reason: String)
    /// The signal handler could not be installed.
    case signalSetupFailed(String)

    public var description: String {
        switch self {
        case .invalidHost(let host):
            return "invalid host \"\(host)\": expected an IP address or localhost"
        case .listenFailed(let address, let reason):
            return "listen tcp \(address): \(reason)"
        case .signalSetupFailed(let reason):
            return "cannot install signal handler: \(reason)"
        }
    }
}

/// An HTTP/1.1 server on POSIX sockets: one accept thread plus pooled connection threads.
///
/// Handlers run synchronously on the connection's thread. Every request passes the CORS policy
/// and the DNS-rebinding guard before the router.
public final class HTTPServer {
    /// Called after each request with the method, path, status and duration in seconds.
    public typealias RequestLogger = (_ method: HTTPMethod, _ path: String, _ status: Int, _ seconds: Double) -> Void

    package let configuration: ServerConfiguration
    package let router: Router
    package let cors: CORSPolicy
    package private(set) var hostGuard = HostGuard(isEnabled: false)
    package let requestLogger: RequestLogger?

    private let lock = NSCondition()
    private var listenFD: Int32 = -1
    private var wakePipe: [Int32] = [-1, -1]
    private var activeConnections: Set<Int32> = []
    private var state = State.idle
    private var acceptLoopDone = false
    private var pool: ConnectionPool?
    private var boundPort = 0

    private enum State {
        case idle, running, stopping, stopped
    }

    public init(configuration: ServerConfiguration, router: Router, requestLogger: RequestLogger? = nil) {
        self.configuration = configuration
        self.router = router
        self.requestLogger = requestLogger
        cors = CORSPolicy(configuredOrigins: configuration.allowedOrigins)
    }

    /// The port actually bound (useful with `port: 0`).
    public var port: Int {
        lock.lock()
        defer { lock.unlock() }
        return boundPort
    }

    /// Whether `stop()` has begun.
    package var isStopping: Bool {
        lock.lock()
        defer { lock.unlock() }
        return state != .running
    }

    /// Binds, listens and starts accepting connections in the background.
    ///
    /// - Throws: `HTTPServerError` when the address is invalid or in use.
    public func start() throws {
        let host = configuration.host.isEmpty || configuration.host == "localhost" ? "127.0.0.1" : configuration.host
        guard let address = SocketAddress(host: host, port: configuration.port)
            ?? HTTPServer.resolve(host, port: configuration.port)
        else {
            throw HTTPServerError.invalidHost(configuration.host)
        }
        let display = address.family == AF_INET6 ? "[\(host)]:\(configuration.port)" : "\(host):\(configuration.port)"
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HTTPServerError.listenFailed(address: display, reason: String(cString: strerror(errno))) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = address.withSockaddr { bind(fd, $0, $1) }
        guard bound == 0, listen(fd, 1024) == 0 else {
            let reason = errno == EADDRINUSE ? "bind: address already in use" : String(cString: strerror(errno))
            close(fd)
            throw HTTPServerError.listenFailed(address: display, reason: reason)
        }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let local = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
            return SocketAddress(raw: pointer, length: Int(length))
        }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            close(fd)
            throw HTTPServerError.listenFailed(address: display, reason: String(cString: strerror(errno)))
        }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)

        lock.lock()
        listenFD = fd
        wakePipe = fds
        boundPort = local.port
        hostGuard = HostGuard(isEnabled: address.isLoopback)
        state = .running
        pool = ConnectionPool(stackSize: 8 << 20) { [weak self] fd in self?.serveConnection(fd) }
        lock.unlock()

        let acceptThread = Thread { [self] in acceptLoop() }
        acceptThread.name = "http-accept"
        acceptThread.start()
    }

    /// Stops accepting, lets in-flight requests finish (up to the grace period), then closes
    /// the remaining connections and returns.
    public func stop() {
        lock.lock()
        guard state == .running else {
            lock.unlock()
            return
        }
        state = .stopping
        var byte: UInt8 = 1
        _ = write(wakePipe[1], &byte, 1)
        while !acceptLoopDone { lock.wait() }
        close(listenFD)
        listenFD = -1
        let deadline = Date(timeIntervalSinceNow: configuration.shutdownGracePeriod)
        while !activeConnections.isEmpty, lock.wait(until: deadline) {}
        if !activeConnections.isEmpty {
            for fd in activeConnections { shutdown(fd, Int32(SHUT_RDWR)) }
            let hardDeadline = Date(timeIntervalSinceNow: 2)
            while !activeConnections.isEmpty, lock.wait(until: hardDeadline) {}
        }
        if activeConnections.isEmpty {
            close(wakePipe[0])
            close(wakePipe[1])
            wakePipe = [-1, -1]
        }
        state = .stopped
        pool?.shutdown()
        lock.broadcast()
        lock.unlock()
    }

    /// Blocks until `stop()` has completed (for `ollama serve`'s main thread).
    public func waitUntilStopped() {
        lock.lock()
        while state != .stopped { lock.wait() }
        lock.unlock()
    }

    /// Resolves a host name to its first address (`getaddrinfo`), for binding.
    private static func resolve(_ host: String, port: Int) -> SocketAddress? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return nil }
        defer { freeaddrinfo(list) }
        guard let raw = first.pointee.ai_addr else { return nil }
        return SocketAddress(raw: raw, length: Int(first.pointee.ai_addrlen))
    }

    /// The read end of the shutdown pipe, polled by idle connections.
    package var wakeFD: Int32 {
        lock.lock()
        defer { lock.unlock() }
        return wakePipe[0]
    }

    // MARK: - Accepting

    private func acceptLoop() {
        lock.lock()
        let fd = listenFD
        let wake = wakePipe[0]
        lock.unlock()
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        while true {
            fds[0].revents = 0
            fds[1].revents = 0
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if fds[1].revents != 0 { break }
            let client = accept(fd, nil, nil)
            if client < 0 {
                if errno == EMFILE || errno == ENFILE { usleep(10_000) }
                continue
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            admit(client)
        }
        lock.lock()
        acceptLoopDone = true
        lock.broadcast()
        lock.unlock()
    }

    /// Registers a new connection, or turns it away with 503 when at the limit.
    private func admit(_ client: Int32) {
        lock.lock()
        let accepted = activeConnections.count < configuration.maxConnections && state == .running
        if accepted { activeConnections.insert(client) }
        let pool = self.pool
        lock.unlock()
        guard accepted, let pool else {
            rejectBusy(client)
            return
        }
        _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
        var one: Int32 = 1
        setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        pool.submit(client)
    }

    private func rejectBusy(_ client: Int32) {
        let body = errorJSON("server busy, please try again.  maximum pending requests exceeded")
        let response = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        _ = response.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        shutdown(client, Int32(SHUT_WR))
        var scratch = [UInt8](repeating: 0, count: 4096)
        _ = recv(client, &scratch, scratch.count, Int32(MSG_DONTWAIT))
        close(client)
    }

    /// Called by a connection thread when it is done; closes the socket.
    package func connectionFinished(_ fd: Int32) {
        lock.lock()
        activeConnections.remove(fd)
        close(fd)
        if state != .running { lock.broadcast() }
        lock.unlock()
    }
}
