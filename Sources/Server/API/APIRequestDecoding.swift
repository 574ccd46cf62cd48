import Foundation

extension HTTPRequest {
    /// Reads the body and decodes it as `T`, answering malformed input as ollama (gin's
    /// `ShouldBindJSON`) does: an empty body is 400 `missing request body`, bad syntax is 400
    /// with Go's `encoding/json` message, a wrong field type is 400 `json: cannot unmarshal …`.
    public func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        let bytes = try body.collect()
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { throw APIError.missingBody }
        let value: JSONValue
        do {
            value = try JSONParser().parse(bytes)
        } catch let error as JSONError {
            throw APIError.badRequest(error.description)
        }
        do {
            return try JSONValueDecoder().decode(type, from: value)
        } catch let error as DecodingError {
            throw APIError.badRequest(Self.goMessage(error, in: String(describing: type)))
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.badRequest("\(error)")
        }
    }

    /// Go's wording of a decoding failure (`json: cannot unmarshal string into Go struct field
    /// ShowRequest.verbose of type bool`).
    static func goMessage(_ error: DecodingError, in typeName: String) -> String {
        switch error {
        case .typeMismatch(let expected, let context):
            let field = context.codingPath.filter { $0.intValue == nil }.map(\.stringValue).joined(separator: ".")
            let found = context.debugDescription.components(separatedBy: "found ").last ?? "value"
            let place = field.isEmpty ? "Go value" : "Go struct field \(typeName).\(field)"
            return "json: cannot unmarshal \(found) into \(place) of type \(goTypeName(expected))"
        case .dataCorrupted(let context):
            return "json: " + context.debugDescription
        case .keyNotFound(let key, _):
            return "json: missing field \(key.stringValue)"
        case .valueNotFound(let expected, _):
            return "json: cannot unmarshal null into Go value of type \(goTypeName(expected))"
        @unknown default:
            return "json: invalid request"
        }
    }

    private static func goTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "string"
        case is Bool.Type: return "bool"
        case is Int.Type: return "int"
        case is Int64.Type: return "int64"
        case is Double.Type: return "float64"
        case is Float.Type: return "float32"
        case is [String].Type: return "[]string"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Dictionary") { return "map[string]interface {}" }
            if name.hasPrefix("Array") { return "[]interface {}" }
            return name
        }
    }
}

extension HTTPResponseWriter {
    /// Sends `value` as Go would marshal it (key order kept, HTML characters escaped).
    public func sendAPI<T: Encodable>(_ value: T, status: HTTPStatus = .ok) throws {
        let body = try JSONValueEncoder().encode(value).serializedData()
        try send(status, headers: ["Content-Type": "application/json; charset=utf-8"], body: Array(body))
    }

    /// Writes `value` as one NDJSON line, Go-style, flushed immediately.
    public func writeAPILine<T: Encodable>(_ value: T) throws {
        var line = Array(try JSONValueEncoder().encode(value).serializedData())
        line.append(0x0A)
        try write(line)
    }
}
