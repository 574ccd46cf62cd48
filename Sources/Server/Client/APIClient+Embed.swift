import Foundation

extension APIClient {
    /// `POST /api/embed` for `texts`: the vectors, in input order.
    /// - Parameters:
    ///   - truncate: nil leaves the server's default (true).
    ///   - dimensions: nil or 0 keeps the model's length.
    public func embed(model: String, texts: [String], truncate: Bool? = nil, dimensions: Int? = nil,
                      keepAlive: KeepAlive? = nil) throws -> [[Double]] {
        var body = JSONObject()
        body["model"] = .string(model)
        body["input"] = .array(texts.map(JSONValue.string))
        if let truncate { body["truncate"] = .bool(truncate) }
        if let dimensions, dimensions > 0 { body["dimensions"] = .int(Int64(dimensions)) }
        if let keepAlive {
            body["keep_alive"] = keepAlive.isForever
                ? .int(-1) : .string(GoDurationFormat.string(nanoseconds: keepAlive.duration.totalNanoseconds))
        }
        let response = try open(.post, "/api/embed", body: .data(JSONValue.object(body).serializedData()))
        defer { response.close() }
        let bytes: [UInt8]
        do {
            bytes = try response.readAll()
        } catch {
            throw APIClientError.wrap(error)
        }
        guard let value = try? JSONParser().parse(bytes), let rows = value["embeddings"]?.arrayValue else {
            throw APIClientError.invalidResponse("no embeddings in the response")
        }
        return rows.map { ($0.arrayValue ?? []).map { $0.doubleValue ?? .nan } }
    }
}
