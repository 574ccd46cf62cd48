import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a client request sends as its body.
public enum HTTPClientRequestBody {
    case none
    case bytes([UInt8])
    case data(Data)
    /// A file streamed from disk with `Content-Length`; `progress` gets the bytes sent so far.
    case file(path: String, progress: ((Int64) -> Void)?)
}

/// A minimal HTTP/1.1 client over a socket, one connection per request (loopback API use).
public struct HTTPClient: Sendable {
    public var host: String
    public var port: Int
    /// Seconds allowed to connect.
    public var connectTimeout: Double
    /// Seconds allowed per read of the response (`nil` = wait forever, e.g. while a model loads).
    public var readTimeout: Double?

    public init(host: String = "127.0.0.1", port: Int = 11434, connectTimeout: Double = 10, readTimeout: Double? = nil) {
        self.host = host
        self.port = port
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
    }

    /// Sends a request and returns once the response head has arrived; read the body from the response.
    ///
    /// - Throws: `HTTPClientError` (`.connectionRefused` when no server listens).
    public func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = HTTPHeaders(),
                     body: HTTPClientRequestBody = .none) throws -> HTTPClientResponse {
        let fd = try HTTPClientConnector.connect(host: host, port: port, timeout: connectTimeout)
        let stream = SocketStream(fd: fd)
        do {
            var sendError: (any Error)?
            do {
                try writeRequest(method, path, headers: headers, body: body, to: stream)
            } catch {
                sendError = error  // the server may have answered early (e.g. 413); try to read it
            }
            do {
                return try HTTPClientResponse(stream: stream, isHeadRequest: method == .head,
                                              readTimeout: readTimeout.map { Int($0 * 1000) })
            } catch {
                throw sendError ?? error
            }
        } catch let error as HTTPClientError {
            close(fd)
            throw error
        } catch let error as SocketError {
            close(fd)
            throw HTTPClientResponse.map(error)
        } catch {
            close(fd)
            throw HTTPClientError.io("\(error)")
        }
    }

    private func writeRequest(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders,
                              body: HTTPClientRequestBody, to stream: SocketStream) throws {
        let hostField = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)"
        var head = "\(method.rawValue) \(path) HTTP/1.1\r\n"
        if !headers.contains("Host") { head += "Host: \(hostField)\r\n" }
        for field in headers { head += "\(field.name): \(field.value)\r\n" }
        if !headers.contains("Connection") { head += "Connection: close\r\n" }

        switch body {
        case .none:
            try stream.write(Array((head + "\r\n").utf8))
        case .bytes(let bytes):
            head += "Content-Length: \(bytes.count)\r\n\r\n"
            try stream.write(Array(head.utf8) + bytes)
        case .data(let data):
            head += "Content-Length: \(data.count)\r\n\r\n"
            try stream.write(Array(head.utf8) + Array(data))
        case .file(let path, let progress):
            try writeFile(path, head: head, progress: progress, to: stream)
        }
    }

    private func writeFile(_ path: String, head: String, progress: ((Int64) -> Void)?, to stream: SocketStream) throws {
        let file = open(path, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { throw HTTPClientError.fileUnreadable(path: path) }
        defer { close(file) }
        var info = stat()
        guard fstat(file, &info) == 0 else { throw HTTPClientError.fileUnreadable(path: path) }
        let size = Int64(info.st_size)
        try stream.write(Array((head + "Content-Length: \(size)\r\n\r\n").utf8))
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var sent: Int64 = 0
        while sent < size {
            let n = buffer.withUnsafeMutableBytes { read(file, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw HTTPClientError.fileUnreadable(path: path) }
            try buffer.withUnsafeBytes { try stream.write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            sent += Int64(n)
            progress?(sent)
        }
    }
}
