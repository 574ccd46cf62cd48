import Foundation

/// `POST /v1/embeddings` (ollama-api.md §1.8): `input` a string or a list of strings,
/// `encoding_format` `float` or `base64` (little-endian float32), `dimensions`; answered as
/// `{"object":"list","data":[{"object":"embedding","embedding","index"}],"model","usage"}`.
enum OpenAIEmbeddingsRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        router.post("/v1/embeddings") { request, response in
            try OpenAIHandler.run(response) {
                let body = try request.decodeJSON(JSONValue.self)
                try handle(body, context: context, response: response)
            }
        }
    }

    static func handle(_ body: JSONValue, context: ServerContext, response: HTTPResponseWriter) throws {
        guard case .object(let object) = body else { throw OpenAIError.invalidRequest("invalid request body") }
        let model = object["model"]?.stringValue ?? ""
        let format = object["encoding_format"]?.stringValue ?? ""
        guard format.isEmpty || format == "float" || format == "base64" else {
            throw OpenAIError.invalidRequest(
                "Invalid value for 'encoding_format' = \(format). Supported values: ['float', 'base64'].")
        }
        var input = object["input"]
        switch input {
        case nil, .null?: throw OpenAIError.invalidRequest("invalid input")
        case .string("")?: input = .array([.string("")])
        case .array(let items)? where items.isEmpty: throw OpenAIError.invalidRequest("invalid input")
        default: break
        }
        let texts = try EmbedRequest.texts(of: input)
        var dimensions: Int?
        if let value = object["dimensions"], value != .null {
            guard let d = value.intValue else { throw OpenAIError.invalidRequest("invalid dimensions") }
            dimensions = Int(clamping: d)
        }
        guard !model.isEmpty else { throw OpenAIError.invalidRequest("model is required") }
        let job = try EmbeddingJob(context: context, name: model, requestOptions: object["options"]?.objectValue)
        let lease = try job.acquire(keepAlive: nil, response: response)
        defer { lease.release() }
        let output = try EmbeddingJob.embed(texts, lease: lease, truncate: true, dimensions: dimensions)
        let data = output.vectors.enumerated().map { index, vector -> JSONValue in
            let embedding: JSONValue = format == "base64"
                ? .string(base64(vector)) : EmbeddingJob.json(vector)
            return ["object": "embedding", "embedding": embedding, "index": .int(Int64(index))]
        }
        let tokens = JSONValue.int(Int64(output.tokenCount))
        let answer: JSONValue = [
            "object": "list", "data": .array(data), "model": .string(model),
            "usage": ["prompt_tokens": tokens, "total_tokens": tokens],
        ]
        try response.sendAPI(answer)
    }

    /// The vector as little-endian float32 bytes, base64-encoded.
    static func base64(_ vector: [Float]) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(vector.count * 4)
        for x in vector {
            let bits = x.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes).base64EncodedString()
    }
}
