import Foundation
import Server

#if canImport(Glibc)
import Glibc
#endif

/// A server on a free loopback port for one test; stopped by `stop()`.
final class TestServer {
    let server: HTTPServer
    let router: Router

    init(configure: (inout ServerConfiguration) -> Void = { _ in }, routes: (Router) -> Void) throws {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.shutdownGracePeriod = 2
        configure(&configuration)
        router = Router()
        routes(router)
        server = HTTPServer(configuration: configuration, router: router)
        try server.start()
    }

    var port: Int { server.port }

    var client: HTTPClient { HTTPClient(host: "127.0.0.1", port: port, connectTimeout: 2, readTimeout: 10) }

    func raw() throws -> RawConnection {
        try RawConnection(port: port)
    }

    func stop() {
        server.stop()
    }
}

/// A parsed response read off a raw connection.
struct RawResponse {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A hand-driven client socket for sending exact (and broken) bytes.
final class RawConnection {
    let stream: SocketStream

    init(port: Int) throws {
        let fd = try HTTPClientConnector.connect(host: "127.0.0.1", port: port, timeout: 2)
        stream = SocketStream(fd: fd, capacity: 256 * 1024)
    }

    deinit {
        close(stream.fd)
    }

    func send(_ text: String) throws {
        try stream.write(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) throws {
        try stream.write(bytes)
    }

    /// Reads one response (head + body framed by Content-Length or chunked; none for HEAD).
    func readResponse(isHead: Bool = false, timeout: Int = 5000) throws -> RawResponse {
        var scanned = 0
        while true {
            if stream.buffered > 0, let length = HTTPParser.headLength(in: stream.bufferedBytes, scanned: &scanned) {
                let head = try HTTPParser.parseResponseHead(
                    UnsafeBufferPointer(rebasing: stream.bufferedBytes[0..<length]), maxHeaderCount: 100)
                stream.consume(length)
                if head.status.code == 100 {
                    return RawResponse(status: 100, headers: head.headers, body: [])
                }
                var framing = try HTTPBodyFraming.of(headers: head.headers, isRequest: false)
                if isHead || head.status.code == 204 { framing = .none }
                let reader = HTTPBodyReader(stream: stream, framing: framing, readTimeout: timeout)
                return RawResponse(status: head.status.code, headers: head.headers, body: try reader.readAll(limit: nil))
            }
            if try stream.fill(deadline: monotonicMilliseconds() + timeout) == 0 { throw SocketError.closed }
        }
    }

    /// Whether the server closes the connection within `timeout` ms (EOF or reset, no more data).
    func isClosedByServer(within timeout: Int) -> Bool {
        stream.consume(stream.buffered)
        do {
            while true {
                if try stream.fill(deadline: monotonicMilliseconds() + timeout) == 0 { return true }
                stream.consume(stream.buffered)
            }
        } catch SocketError.closed {
            return true
        } catch {
            return false
        }
    }
}

/// 64-bit FNV-1a, to compare large bodies without keeping them.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var hash = value
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        value = hash
    }
}

/// A thread-safe box for values set by handlers and read by tests.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withValue<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }

    var current: Value { withValue { $0 } }
}

/// Resident memory of this process in bytes (`/proc/self/statm`).
func residentMemory() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
