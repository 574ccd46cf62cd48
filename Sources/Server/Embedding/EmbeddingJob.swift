import Foundation
import Engine

/// The steps `/api/embed`, `/api/embeddings` and `/v1/embeddings` share: model lookup (404 with
/// ollama's "try pulling it first"), options, scheduling on an embedding runner, and the forward
/// pass with truncation and `dimensions`.
struct EmbeddingJob {
    let engine: GenerationEngine
    let requestedName: String
    let model: ResolvedModel
    let options: ModelOptions

    /// Resolves the model and types its options (defaults < params layer < request options).
    /// - Throws: 404 `model "x" not found, try pulling it first`, 400 for bad options.
    init(context: ServerContext, name: String, requestOptions: JSONObject?) throws {
        engine = try GenerationEngine.from(context)
        requestedName = name
        do {
            model = try context.store.resolve(name)
        } catch let error as APIError where error.status == .notFound {
            throw APIError.notFound("model \"\(name)\" not found, try pulling it first")
        }
        options = try ModelOptions(layers: [model.parameters, requestOptions ?? JSONObject()])
    }

    /// Waits for the model (loading it if needed).
    /// - Throws: 400 `"<model>" does not support embeddings` for a generation model.
    func acquire(keepAlive: KeepAlive?, response: HTTPResponseWriter) throws -> RunnerLease {
        do {
            return try engine.scheduler.acquire(model, options: options, keepAlive: keepAlive, kind: .embedding,
                                                isCancelled: { response.isCancelled })
        } catch SchedulerError.wrongKind {
            throw GenerationError.badRequest("\"\(requestedName)\" does not support embeddings")
        }
    }

    /// What one call produced.
    struct Output {
        var vectors: [[Float]]
        /// Tokens of every input, [CLS]/[SEP] included.
        var tokenCount: Int
    }

    /// Embeds `texts` on the leased runner in as few forward passes as fit.
    /// - Parameters:
    ///   - normalize: L2-normalise (false for the legacy route).
    ///   - dimensions: keep the first `dimensions` components and re-normalise (when 0 < d < length).
    /// - Throws: 400 `the input length exceeds the context length`, 400 `embedding contains NaN or Inf values`.
    static func embed(_ texts: [String], lease: RunnerLease, truncate: Bool, normalize: Bool = true,
                      dimensions: Int? = nil) throws -> Output {
        guard let embedder = lease.runner.embedder else {
            throw GenerationError.badRequest("\"\(lease.runner.name)\" does not support embeddings")
        }
        let result: (vectors: [[Float]], tokenCounts: [Int])
        do {
            result = try embedder.embed(texts, truncate: truncate, normalize: normalize)
        } catch let error as EmbedError {
            switch error {
            case .inputTooLong, .nonFinite: throw GenerationError.badRequest(error.description)
            case .notAnEmbeddingModel: throw GenerationError.internalError(error.description)
            }
        }
        var vectors = result.vectors
        if let dimensions, dimensions > 0 {
            vectors = vectors.map { v in
                dimensions < v.count ? Embedder.normalized(Array(v[..<dimensions])) : v
            }
        }
        return Output(vectors: vectors, tokenCount: result.tokenCounts.reduce(0, +))
    }

    /// A float32 as Go's `encoding/json` writes it: the shortest decimal that reads back as the
    /// same float32 (`0.1`, not `0.10000000149011612`).
    static func json(_ value: Float) -> JSONValue {
        .number(Double(value.description) ?? Double(value))
    }

    /// A vector as a JSON array of float32 values.
    static func json(_ vector: [Float]) -> JSONValue {
        .array(vector.map { json($0) })
    }
}
