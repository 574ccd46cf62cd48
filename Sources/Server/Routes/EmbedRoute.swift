import Foundation

/// `POST /api/embed` and the legacy `POST /api/embeddings` (ollama-api.md §1.4).
enum EmbedRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        router.post("/api/embed") { request, response in
            try embed(try request.decodeJSON(EmbedRequest.self), context: context, response: response)
        }
        router.post("/api/embeddings") { request, response in
            try embeddings(try request.decodeJSON(EmbeddingsRequest.self), context: context, response: response)
        }
    }

    /// `{"model","embeddings","total_duration","load_duration","prompt_eval_count"}`; an empty
    /// input loads the model and answers `{"model","embeddings":[]}`.
    static func embed(_ req: EmbedRequest, context: ServerContext, response: HTTPResponseWriter) throws {
        let start = GenerationRun.now()
        let texts = try EmbedRequest.texts(of: req.input)
        guard !req.model.isEmpty else { throw APIError.modelRequired }
        let job = try EmbeddingJob(context: context, name: req.model, requestOptions: req.options)
        let lease = try job.acquire(keepAlive: req.keepAlive, response: response)
        defer { lease.release() }
        guard !texts.isEmpty else {
            let loaded: JSONValue = ["model": .string(req.model), "embeddings": .array([])]
            try response.sendAPI(loaded)
            return
        }
        let output = try EmbeddingJob.embed(texts, lease: lease, truncate: req.truncate ?? true,
                                            dimensions: req.dimensions)
        let body: JSONValue = [
            "model": .string(req.model),
            "embeddings": .array(output.vectors.map { EmbeddingJob.json($0) }),
            "total_duration": .int(GenerationRun.now() - start),
            "load_duration": .int(lease.loadDuration),
            "prompt_eval_count": .int(Int64(output.tokenCount)),
        ]
        try response.sendAPI(body)
    }

    /// `{"embedding":[float64]}`, not normalised; an empty prompt loads the model and answers
    /// `{"embedding":[]}`. Failures after loading are 500, as ollama's.
    static func embeddings(_ req: EmbeddingsRequest, context: ServerContext, response: HTTPResponseWriter) throws {
        guard !req.model.isEmpty else { throw APIError.modelRequired }
        let job = try EmbeddingJob(context: context, name: req.model, requestOptions: req.options)
        let lease = try job.acquire(keepAlive: req.keepAlive, response: response)
        defer { lease.release() }
        guard !req.prompt.isEmpty else {
            let loaded: JSONValue = ["embedding": .array([])]
            try response.sendAPI(loaded)
            return
        }
        let output: EmbeddingJob.Output
        do {
            output = try EmbeddingJob.embed([req.prompt], lease: lease, truncate: true, normalize: false)
        } catch let error as GenerationError {
            throw APIError.internalError(error.description)
        }
        let vector = output.vectors.first ?? []
        let body: JSONValue = ["embedding": .array(vector.map { .number(Double($0)) })]
        try response.sendAPI(body)
    }
}
