/// How a message body is delimited on the wire.
package enum HTTPBodyFraming: Equatable {
    /// No body.
    case none
    /// Exactly this many bytes (`Content-Length`).
    case length(Int)
    /// `Transfer-Encoding: chunked`.
    case chunked
    /// Until the peer closes (responses without length, HTTP/1.0 style).
    case untilClose

    /// Works out the framing of a message from its headers.
    ///
    /// - Throws: `HTTPParseError` for conflicting or invalid `Content-Length`/`Transfer-Encoding`.
    package static func of(headers: HTTPHeaders, isRequest: Bool) throws -> HTTPBodyFraming {
        let encodings = headers.values("Transfer-Encoding")
        if !encodings.isEmpty {
            guard !headers.contains("Content-Length") else {
                throw HTTPParseError.malformed("both Transfer-Encoding and Content-Length")
            }
            let codings = encodings.flatMap { $0.split(separator: ",") }.map { $0.trimmingOptionalWhitespace().lowercased() }
            guard codings == ["chunked"] else { throw HTTPParseError.unsupportedTransferEncoding }
            return .chunked
        }
        let lengths = headers.values("Content-Length")
        if let first = lengths.first {
            let value = first.trimmingOptionalWhitespace()
            guard !value.isEmpty, value.count <= 18, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let length = Int(value),
                  lengths.allSatisfy({ $0.trimmingOptionalWhitespace() == value })
            else { throw HTTPParseError.malformed("invalid Content-Length") }
            return length == 0 ? .none : .length(length)
        }
        return isRequest ? .none : .untilClose
    }
}

/// Pulls a message body off a `SocketStream`, undoing chunked encoding; shared by server and client.
package final class HTTPBodyReader {
    private enum State {
        case data(remaining: Int)       // inside a length body or a chunk
        case chunkEnd                   // CRLF after chunk data
        case chunkHeader                // expecting a chunk-size line
        case untilClose
        case done
    }

    private let stream: SocketStream
    private var state: State
    private let isChunked: Bool
    /// Milliseconds to wait for each read.
    private let readTimeout: Int?
    /// Total body bytes delivered so far.
    package private(set) var bytesRead = 0

    package init(stream: SocketStream, framing: HTTPBodyFraming, readTimeout: Int?) {
        self.stream = stream
        self.readTimeout = readTimeout
        switch framing {
        case .none: state = .done
        case .length(let n): state = .data(remaining: n)
        case .chunked: state = .chunkHeader
        case .untilClose: state = .untilClose
        }
        isChunked = framing == .chunked
    }

    /// Whether the whole body (and chunked trailer) has been consumed.
    package var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    /// Copies up to `buffer.count` body bytes into `buffer`.
    ///
    /// - Returns: the number of bytes copied; `0` only at the end of the body.
    /// - Throws: `SocketError` (timeout, peer gone) or `HTTPParseError` (bad chunk framing, early EOF).
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let destination = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            switch state {
            case .done:
                return 0
            case .data(let remaining):
                if stream.buffered == 0 {
                    if try stream.fill(deadline: deadline()) == 0 {
                        throw HTTPParseError.malformed("unexpected end of body")
                    }
                }
                let count = min(remaining, stream.buffered, buffer.count)
                destination.copyMemory(from: stream.storage + stream.start, byteCount: count)
                stream.consume(count)
                bytesRead += count
                let left = remaining - count
                state = left > 0 ? .data(remaining: left) : (isChunked ? .chunkEnd : .done)
                return count
            case .untilClose:
                if stream.buffered == 0, try stream.fill(deadline: deadline()) == 0 {
                    state = .done
                    return 0
                }
                let count = min(stream.buffered, buffer.count)
                destination.copyMemory(from: stream.storage + stream.start, byteCount: count)
                stream.consume(count)
                bytesRead += count
                return count
            case .chunkEnd:
                let line = try readLine()
                guard line.isEmpty else { throw HTTPParseError.malformed("missing CRLF after chunk") }
                state = .chunkHeader
            case .chunkHeader:
                let line = try readLine()
                let size = try HTTPBodyReader.chunkSize(line)
                if size == 0 {
                    while try !readLine().isEmpty {}  // trailer fields, ignored
                    state = .done
                    return 0
                }
                state = .data(remaining: size)
            }
        }
    }

    /// Reads the rest of the body into an array.
    ///
    /// - Parameter limit: the most bytes accepted; more throws `HTTPError` 413.
    package func readAll(limit: Int?) throws -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { return result }
            if let limit, result.count + n > limit {
                throw HTTPError(.contentTooLarge, "http: request body too large")
            }
            result.append(contentsOf: chunk[0..<n])
        }
    }

    private func deadline() -> Int? {
        readTimeout.map { monotonicMilliseconds() + $0 }
    }

    /// Reads one CRLF- or LF-terminated line (at most 4 KiB) from the stream.
    private func readLine() throws -> [UInt8] {
        while true {
            let bytes = stream.bufferedBytes
            if let newline = bytes.firstIndex(of: 0x0A) {
                var end = newline
                if end > 0, bytes[end - 1] == 0x0D { end -= 1 }
                let line = Array(bytes[0..<end])
                stream.consume(newline + 1)
                return line
            }
            guard bytes.count < 4096 else { throw HTTPParseError.malformed("chunk header too long") }
            if try stream.fill(deadline: deadline()) == 0 {
                throw HTTPParseError.malformed("unexpected end of chunked body")
            }
        }
    }

    /// Parses `hex-size [; extensions]`.
    private static func chunkSize(_ line: [UInt8]) throws -> Int {
        var size = 0
        var digits = 0
        for byte in line {
            let value: Int
            switch byte {
            case 0x30...0x39: value = Int(byte - 0x30)
            case 0x41...0x46: value = Int(byte - 0x41 + 10)
            case 0x61...0x66: value = Int(byte - 0x61 + 10)
            case 0x3B, 0x20, 0x09:  // extensions follow
                guard digits > 0 else { throw HTTPParseError.malformed("invalid chunk size") }
                return size
            default:
                throw HTTPParseError.malformed("invalid chunk size")
            }
            digits += 1
            guard digits <= 15 else { throw HTTPParseError.malformed("chunk too large") }
            size = size * 16 + value
        }
        guard digits > 0 else { throw HTTPParseError.malformed("invalid chunk size") }
        return size
    }
}
