import Foundation
import Registry

/// The typed ollama API over `HTTPClient` (what the CLI and other clients use).
///
/// Every method throws `APIClientError`: the server's `{"error": …}` message, or `.notRunning`
/// (`could not connect to ollama server, run 'ollama serve' to start it`) when nothing listens.
public struct APIClient: Sendable {
    public var http: HTTPClient
    /// A path prefix from `OLLAMA_HOST` (`/ollama`), or "".
    public var pathPrefix: String

    public init(host: String = "127.0.0.1", port: Int = 11434, pathPrefix: String = "", readTimeout: Double? = nil) {
        let connectHost = host.isEmpty ? "127.0.0.1" : host
        http = HTTPClient(host: connectHost, port: port, connectTimeout: 10, readTimeout: readTimeout)
        self.pathPrefix = pathPrefix.isEmpty ? "" : "/" + pathPrefix.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
    }

    /// A client for `OLLAMA_HOST`.
    package init(_ host: OllamaHost) {
        self.init(host: host.host, port: host.port, pathPrefix: host.path)
    }

    // MARK: - Typed calls

    /// `HEAD /`: succeeds when a server answers.
    public func heartbeat() throws {
        _ = try call(.head, "/")
    }

    /// `GET /api/version`.
    public func version() throws -> String {
        try decode(VersionResponse.self, try call(.get, "/api/version")).version
    }

    /// `GET /api/tags`.
    public func list() throws -> ListResponse {
        try decode(ListResponse.self, try call(.get, "/api/tags"))
    }

    /// `GET /api/ps`.
    public func ps() throws -> ProcessResponse {
        try decode(ProcessResponse.self, try call(.get, "/api/ps"))
    }

    /// `POST /api/show`.
    public func show(_ request: ShowRequest) throws -> ShowResponse {
        try decode(ShowResponse.self, try call(.post, "/api/show", json: request))
    }

    /// `POST /api/copy`.
    public func copy(source: String, destination: String) throws {
        _ = try call(.post, "/api/copy", json: CopyRequest(source: source, destination: destination))
    }

    /// `DELETE /api/delete`.
    public func delete(model: String) throws {
        _ = try call(.delete, "/api/delete", json: DeleteRequest(model: model))
    }

    /// `HEAD /api/blobs/<digest>`: whether the server has the blob.
    public func blobExists(_ digest: Digest) throws -> Bool {
        do {
            _ = try call(.head, "/api/blobs/\(digest)")
            return true
        } catch APIClientError.server(404, _) {
            return false
        }
    }

    /// `POST /api/blobs/<digest>` with the file's bytes streamed from disk; `progress` gets the
    /// bytes sent so far.
    public func uploadBlob(_ digest: Digest, file: URL, progress: ((Int64) -> Void)? = nil) throws {
        _ = try call(.post, "/api/blobs/\(digest)", body: .file(path: file.path, progress: progress))
    }

    /// `POST /api/create`, calling `onProgress` for every status line.
    public func create(_ request: CreateRequest, onProgress: (ProgressResponse) throws -> Void) throws {
        try stream(.post, "/api/create", json: request) { line in
            try onProgress(try JSONValueDecoder().decode(ProgressResponse.self, from: line))
        }
    }

    // MARK: - Generic

    /// Sends `json` and calls `onLine` with every NDJSON object of the response. A line holding
    /// `{"error": …}` ends the stream with `APIClientError.server`.
    public func stream<Body: Encodable>(_ method: HTTPMethod, _ path: String, json: Body,
                                        onLine: (JSONValue) throws -> Void) throws {
        let response = try open(method, path, body: .data(try JSONValueEncoder().encodeData(json)))
        defer { response.close() }
        do {
            while let line = try response.readLine() {
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                let value = try JSONParser().parse(line)
                if let message = value["error"]?.stringValue {
                    throw APIClientError.server(status: response.status.code, message: message)
                }
                try onLine(value)
            }
        } catch let error as JSONError {
            throw APIClientError.invalidResponse(error.description)
        } catch let error as HTTPClientError {
            throw APIClientError.wrap(error)
        }
    }

    /// Sends a request with a JSON body and returns the whole response body.
    public func call<Body: Encodable>(_ method: HTTPMethod, _ path: String, json: Body) throws -> [UInt8] {
        try call(method, path, body: .data(try JSONValueEncoder().encodeData(json)))
    }

    /// Sends a request and returns the whole response body (after checking the status).
    public func call(_ method: HTTPMethod, _ path: String, body: HTTPClientRequestBody = .none) throws -> [UInt8] {
        let response = try open(method, path, body: body)
        defer { response.close() }
        do {
            return try response.readAll()
        } catch {
            throw APIClientError.wrap(error)
        }
    }

    /// Sends a request; a status ≥ 400 becomes `APIClientError.server` with the error text.
    public func open(_ method: HTTPMethod, _ path: String, body: HTTPClientRequestBody = .none) throws -> HTTPClientResponse {
        var headers = HTTPHeaders()
        headers.add("User-Agent", "ollama/\(ServerInfo.version) (swift)")
        headers.add("Accept", "application/x-ndjson")
        if case .none = body {} else { headers.add("Content-Type", "application/json") }
        let response: HTTPClientResponse
        do {
            response = try http.send(method, pathPrefix + path, headers: headers, body: body)
        } catch {
            throw APIClientError.wrap(error)
        }
        guard response.status.code >= 400 else { return response }
        defer { response.close() }
        let bytes = (try? response.readAll()) ?? []
        throw APIClientError.server(status: response.status.code, message: Self.errorMessage(bytes, status: response.status))
    }

    /// The `error` field of an error body, else the body text, else the status line.
    static func errorMessage(_ bytes: [UInt8], status: HTTPStatus) -> String {
        if let value = try? JSONParser().parse(bytes), let message = value["error"]?.stringValue { return message }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? status.description : text
    }

    private func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
        do {
            return try JSONValueDecoder().decode(type, from: Data(bytes))
        } catch {
            throw APIClientError.invalidResponse("\(error)")
        }
    }
}
