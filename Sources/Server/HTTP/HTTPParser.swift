/// Why a request or response head could not be parsed; each maps to the status the server answers.
package enum HTTPParseError: Error, Equatable {
    /// Malformed syntax (400).
    case malformed(String)
    /// Head larger than the limit or too many fields (431).
    case headersTooLarge
    /// An HTTP major version other than 1 (505).
    case versionNotSupported
    /// A transfer coding other than `chunked` (501).
    case unsupportedTransferEncoding

    /// The status the server answers with.
    package var status: HTTPStatus {
        switch self {
        case .malformed: return .badRequest
        case .headersTooLarge: return .headerFieldsTooLarge
        case .versionNotSupported: return .versionNotSupported
        case .unsupportedTransferEncoding: return .notImplemented
        }
    }
}

/// The parsed start line and header fields of a request.
package struct HTTPRequestHead {
    package var method: HTTPMethod
    /// The request target as sent (`/api/tags?x=1`).
    package var target: String
    /// The minor version of HTTP/1.x.
    package var minorVersion: Int
    package var headers: HTTPHeaders
}

/// The parsed status line and header fields of a response (client side).
package struct HTTPResponseHead {
    package var status: HTTPStatus
    package var minorVersion: Int
    package var headers: HTTPHeaders
}

/// A hand-written byte cursor over an HTTP/1.x head (start line + fields + empty line).
///
/// Lines end in CRLF; a bare LF is accepted as well. Field names must be tokens with no space
/// before the colon; obsolete line folding is rejected.
package struct HTTPParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: - Framing

    /// Finds the end of a head: the index just past the empty line.
    ///
    /// - Parameters:
    ///   - bytes: buffered bytes starting at the head.
    ///   - scanned: bytes already searched by an earlier call (keeps repeated calls linear).
    /// - Returns: the head length, or `nil` when more bytes are needed.
    package static func headLength(in bytes: UnsafeBufferPointer<UInt8>, scanned: inout Int) -> Int? {
        var index = max(0, scanned - 3)
        let count = bytes.count
        while index < count {
            if bytes[index] == 0x0A {
                // An empty line is "\n\n" or "\n\r\n" after a previous line end.
                if index + 1 < count, bytes[index + 1] == 0x0A { return index + 2 }
                if index + 2 < count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A { return index + 3 }
                if index + 2 >= count { break }
            }
            index += 1
        }
        scanned = count
        return nil
    }

    /// Skips empty lines a client may send between pipelined requests; returns how many bytes.
    package static func leadingEmptyLines(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var index = 0
        while index < bytes.count, bytes[index] == 0x0D || bytes[index] == 0x0A { index += 1 }
        return index
    }

    // MARK: - Heads

    /// Parses a complete request head (as delimited by `headLength`).
    package static func parseRequestHead(_ bytes: UnsafeBufferPointer<UInt8>, maxHeaderCount: Int) throws -> HTTPRequestHead {
        var parser = HTTPParser(bytes)
        guard let line = parser.readLine(), !line.isEmpty else { throw HTTPParseError.malformed("missing request line") }
        let parts = line.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw HTTPParseError.malformed("malformed request line") }
        guard !parts[0].isEmpty, parts[0].allSatisfy(HTTPParser.isTokenByte) else {
            throw HTTPParseError.malformed("invalid method")
        }
        guard !parts[1].isEmpty, parts[1].allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else {
            throw HTTPParseError.malformed("invalid request target")
        }
        let minor = try parseVersion(parts[2])
        let headers = try parser.readFields(maxCount: maxHeaderCount)
        return HTTPRequestHead(
            method: HTTPMethod(rawValue: string(parts[0])), target: string(parts[1]),
            minorVersion: minor, headers: headers)
    }

    /// Parses a complete response head.
    package static func parseResponseHead(_ bytes: UnsafeBufferPointer<UInt8>, maxHeaderCount: Int) throws -> HTTPResponseHead {
        var parser = HTTPParser(bytes)
        guard let line = parser.readLine() else { throw HTTPParseError.malformed("missing status line") }
        let parts = line.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2 else { throw HTTPParseError.malformed("malformed status line") }
        let minor = try parseVersion(parts[0])
        guard parts[1].count == 3, parts[1].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let code = Int(string(parts[1]))
        else { throw HTTPParseError.malformed("malformed status code") }
        let reason = parts.count == 3 ? string(parts[2]) : nil
        let headers = try parser.readFields(maxCount: maxHeaderCount)
        return HTTPResponseHead(status: HTTPStatus(code: code, reason: reason), minorVersion: minor, headers: headers)
    }

    // MARK: - Cursor

    /// The next line without its terminator, or `nil` at the end.
    private mutating func readLine() -> Slice<UnsafeBufferPointer<UInt8>>? {
        guard position < bytes.count else { return nil }
        var index = position
        while index < bytes.count, bytes[index] != 0x0A { index += 1 }
        var lineEnd = index
        if lineEnd > position, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        let line = bytes[position..<lineEnd]
        position = min(index + 1, bytes.count)
        return line
    }

    /// Reads `name: value` lines up to the empty line.
    private mutating func readFields(maxCount: Int) throws -> HTTPHeaders {
        var headers = HTTPHeaders()
        while let line = readLine() {
            if line.isEmpty { return headers }
            guard let first = line.first, first != 0x20, first != 0x09 else {
                throw HTTPParseError.malformed("obsolete line folding")
            }
            guard let colon = line.firstIndex(of: 0x3A) else { throw HTTPParseError.malformed("missing colon in header") }
            let name = line[line.startIndex..<colon]
            guard !name.isEmpty, name.allSatisfy(HTTPParser.isTokenByte) else {
                throw HTTPParseError.malformed("invalid header name")
            }
            var valueStart = colon + 1
            var valueEnd = line.endIndex
            while valueStart < valueEnd, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
            while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 { valueEnd -= 1 }
            let value = bytes[valueStart..<valueEnd]
            guard value.allSatisfy({ $0 >= 0x20 || $0 == 0x09 }), !value.contains(0x7F) else {
                throw HTTPParseError.malformed("invalid header value")
            }
            guard headers.count < maxCount else { throw HTTPParseError.headersTooLarge }
            headers.add(HTTPParser.string(name), HTTPParser.string(value))
        }
        throw HTTPParseError.malformed("unterminated head")
    }

    /// Parses `HTTP/1.x`, returning x.
    private static func parseVersion(_ text: Slice<UnsafeBufferPointer<UInt8>>) throws -> Int {
        let prefix: [UInt8] = Array("HTTP/".utf8)
        guard text.count == 8, text.starts(with: prefix) else { throw HTTPParseError.malformed("malformed HTTP version") }
        let major = text[text.startIndex + 5]
        let dot = text[text.startIndex + 6]
        let minor = text[text.startIndex + 7]
        guard dot == 0x2E, (0x30...0x39).contains(major), (0x30...0x39).contains(minor) else {
            throw HTTPParseError.malformed("malformed HTTP version")
        }
        guard major == 0x31 else { throw HTTPParseError.versionNotSupported }
        return Int(minor - 0x30)
    }

    private static func string(_ slice: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: slice), as: UTF8.self)
    }

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: return true
        default: return false
        }
    }
}
