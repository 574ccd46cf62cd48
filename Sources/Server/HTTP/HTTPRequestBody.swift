import Foundation

/// A request body read on demand, in pieces, so a large upload is never held in memory.
///
/// The handler pulls with `read(into:)` / `read(upTo:)` until they report the end, or calls
/// `collect()` for small JSON bodies. A route's size limit is enforced while reading
/// (413 `http: request body too large`). `Expect: 100-continue` is answered on the first read.
public final class HTTPRequestBody {
    private let reader: HTTPBodyReader?
    private let limit: Int?
    private var continueHandler: (() throws -> Void)?

    /// The declared `Content-Length`, or `nil` for chunked or empty bodies.
    public let expectedLength: Int?

    package init(reader: HTTPBodyReader?, expectedLength: Int?, limit: Int?, sendContinue: (() throws -> Void)?) {
        self.reader = reader
        self.expectedLength = expectedLength
        self.limit = limit
        continueHandler = sendContinue
    }

    /// An empty body.
    package static var empty: HTTPRequestBody {
        HTTPRequestBody(reader: nil, expectedLength: nil, limit: nil, sendContinue: nil)
    }

    /// Whether every body byte has been read.
    public var isComplete: Bool { reader?.isComplete ?? true }

    /// The number of body bytes read so far.
    public var bytesRead: Int { reader?.bytesRead ?? 0 }

    /// Copies the next body bytes into `buffer`.
    ///
    /// - Returns: how many bytes were copied; `0` means the body is finished.
    /// - Throws: `HTTPError` 413 over the route's limit, 400 for a broken body; `SocketError` on timeout/disconnect.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let reader else { return 0 }
        if let handler = continueHandler {
            continueHandler = nil
            try handler()
        }
        let n: Int
        do {
            n = try reader.read(into: buffer)
        } catch let error as HTTPParseError {
            throw HTTPError(.badRequest, "invalid request body: \(error)")
        }
        if let limit, reader.bytesRead > limit {
            throw HTTPError(.contentTooLarge, "http: request body too large")
        }
        return n
    }

    /// The next piece of the body (at most `maxLength` bytes), or `nil` at the end.
    public func read(upTo maxLength: Int = 64 * 1024) throws -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: maxLength)
        let n = try chunk.withUnsafeMutableBytes { try read(into: $0) }
        if n == 0 { return nil }
        chunk.removeSubrange(n...)
        return chunk
    }

    /// The whole remaining body as bytes (bounded by the route's limit).
    public func collect() throws -> [UInt8] {
        var result: [UInt8] = []
        if let expectedLength { result.reserveCapacity(min(expectedLength, limit ?? expectedLength)) }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { return result }
            result.append(contentsOf: chunk[0..<n])
        }
    }

    /// The whole remaining body as `Data`, for `JSONDecoder`.
    public func data() throws -> Data {
        Data(try collect())
    }

    /// Reads and drops up to `maxBytes` of unread body so the connection can be reused.
    ///
    /// - Returns: whether the body is now complete.
    package func drain(maxBytes: Int, timeoutMilliseconds: Int) -> Bool {
        guard let reader, !reader.isComplete else { return true }
        // A body the handler never touched was never "continued": the client is not sending it.
        if continueHandler != nil { return false }
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        var dropped = 0
        let deadline = monotonicMilliseconds() + timeoutMilliseconds
        while dropped <= maxBytes, monotonicMilliseconds() < deadline {
            guard let n = try? scratch.withUnsafeMutableBytes({ try reader.read(into: $0) }) else { return false }
            if n == 0 { return true }
            dropped += n
        }
        return false
    }
}
