import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A response being received: status and headers are read; the body is pulled on demand,
/// whole (`readAll`) or line by line (`readLine`, for NDJSON streams). Closes its socket on `close()`/deinit.
public final class HTTPClientResponse {
    public let status: HTTPStatus
    public let headers: HTTPHeaders
    private let stream: SocketStream
    private let body: HTTPBodyReader
    private var pending: [UInt8] = []
    private var isClosed = false

    init(stream: SocketStream, isHeadRequest: Bool, readTimeout: Int?) throws {
        self.stream = stream
        var head: HTTPResponseHead
        repeat {
            head = try HTTPClientResponse.readHead(stream, timeout: readTimeout)
        } while head.status.code >= 100 && head.status.code < 200  // interim (100 Continue)
        status = head.status
        headers = head.headers
        let framing: HTTPBodyFraming
        if isHeadRequest || head.status.forbidsBody {
            framing = .none
        } else {
            do {
                framing = try HTTPBodyFraming.of(headers: head.headers, isRequest: false)
            } catch {
                throw HTTPClientError.malformedResponse("\(error)")
            }
        }
        body = HTTPBodyReader(stream: stream, framing: framing, readTimeout: readTimeout)
    }

    deinit {
        close()
    }

    /// Closes the connection (abandoning any unread body: the server sees a disconnect).
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(stream.fd)
    }

    /// Copies the next body bytes into `buffer`; `0` at the end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if !pending.isEmpty {
            let n = min(pending.count, buffer.count)
            pending.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            pending.removeFirst(n)
            return n
        }
        do {
            return try body.read(into: buffer)
        } catch {
            throw HTTPClientResponse.map(error)
        }
    }

    /// The rest of the body.
    public func readAll() throws -> [UInt8] {
        var result = pending
        pending = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { return result }
            result.append(contentsOf: chunk[0..<n])
        }
    }

    /// The rest of the body as `Data`.
    public func data() throws -> Data {
        Data(try readAll())
    }

    /// The next line of the body without its `\n` (or `\r\n`), or `nil` at the end.
    /// A final line without a newline is returned too.
    public func readLine() throws -> [UInt8]? {
        var searchFrom = 0
        while true {
            if let newline = pending[searchFrom...].firstIndex(of: 0x0A) {
                var end = newline
                if end > 0, pending[end - 1] == 0x0D { end -= 1 }
                let line = Array(pending[0..<end])
                pending.removeSubrange(0...newline)
                return line
            }
            searchFrom = pending.count
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            let n: Int
            do {
                n = try chunk.withUnsafeMutableBytes { try body.read(into: $0) }
            } catch {
                throw HTTPClientResponse.map(error)
            }
            if n == 0 {
                if pending.isEmpty { return nil }
                let line = pending
                pending = []
                return line
            }
            pending.append(contentsOf: chunk[0..<n])
        }
    }

    private static func readHead(_ stream: SocketStream, timeout: Int?) throws -> HTTPResponseHead {
        var scanned = 0
        while true {
            if stream.buffered > 0, let length = HTTPParser.headLength(in: stream.bufferedBytes, scanned: &scanned) {
                let bytes = UnsafeBufferPointer(rebasing: stream.bufferedBytes[0..<length])
                do {
                    let head = try HTTPParser.parseResponseHead(bytes, maxHeaderCount: 1000)
                    stream.consume(length)
                    return head
                } catch {
                    throw HTTPClientError.malformedResponse("\(error)")
                }
            }
            guard stream.buffered < stream.capacity else { throw HTTPClientError.malformedResponse("head too large") }
            let deadline = timeout.map { monotonicMilliseconds() + $0 }
            do {
                if try stream.fill(deadline: deadline) == 0 { throw HTTPClientError.connectionClosed }
            } catch let error as SocketError {
                throw map(error)
            }
        }
    }

    /// Turns socket and framing errors into `HTTPClientError`.
    static func map(_ error: any Error) -> any Error {
        switch error {
        case let error as HTTPClientError: return error
        case SocketError.timedOut: return HTTPClientError.timedOut
        case SocketError.closed: return HTTPClientError.connectionClosed
        case let error as HTTPParseError: return HTTPClientError.malformedResponse("\(error)")
        default: return HTTPClientError.io("\(error)")
        }
    }
}
