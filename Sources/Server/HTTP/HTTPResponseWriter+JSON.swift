import Foundation

// MARK: - JSON and NDJSON helpers

extension HTTPResponseWriter {
    /// Sends `value` as a whole `application/json; charset=utf-8` response.
    public func sendJSON<T: Encodable>(_ value: T, status: HTTPStatus = .ok, encoder: JSONEncoder = JSONEncoder()) throws {
        let body = try encoder.encode(value)
        try send(status, headers: ["Content-Type": "application/json; charset=utf-8"], body: Array(body))
    }

    /// Starts an `application/x-ndjson` stream.
    public func startNDJSON(_ status: HTTPStatus = .ok) throws {
        try startStream(status, headers: ["Content-Type": "application/x-ndjson"])
    }

    /// Writes `value` as one NDJSON line (`{...}\n`), flushed immediately.
    public func writeJSONLine<T: Encodable>(_ value: T, encoder: JSONEncoder = JSONEncoder()) throws {
        var line = Array(try encoder.encode(value))
        line.append(0x0A)
        try write(line)
    }
}
