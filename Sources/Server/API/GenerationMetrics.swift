/// Timings and counts of one generation (ollama's `api.Metrics`); every field is omitted when zero.
public struct GenerationMetrics: Sendable, Equatable {
    /// Nanoseconds.
    public var totalDuration: Int64 = 0
    public var loadDuration: Int64 = 0
    /// Prompt tokens (cached + evaluated).
    public var promptEvalCount = 0
    public var promptEvalDuration: Int64 = 0
    public var evalCount = 0
    public var evalDuration: Int64 = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case totalDuration = "total_duration"
        case loadDuration = "load_duration"
        case promptEvalCount = "prompt_eval_count"
        case promptEvalDuration = "prompt_eval_duration"
        case evalCount = "eval_count"
        case evalDuration = "eval_duration"
    }

    /// Encodes the non-zero fields into a response's container (Go embeds `Metrics`).
    func encode<K: CodingKey>(into c: inout KeyedEncodingContainer<K>, key: (CodingKeys) -> K) throws {
        if totalDuration != 0 { try c.encode(totalDuration, forKey: key(.totalDuration)) }
        if loadDuration != 0 { try c.encode(loadDuration, forKey: key(.loadDuration)) }
        if promptEvalCount != 0 { try c.encode(promptEvalCount, forKey: key(.promptEvalCount)) }
        if promptEvalDuration != 0 { try c.encode(promptEvalDuration, forKey: key(.promptEvalDuration)) }
        if evalCount != 0 { try c.encode(evalCount, forKey: key(.evalCount)) }
        if evalDuration != 0 { try c.encode(evalDuration, forKey: key(.evalDuration)) }
    }

    /// Decodes the fields present in a response.
    init<K: CodingKey>(from c: KeyedDecodingContainer<K>, key: (CodingKeys) -> K) throws {
        totalDuration = try c.decodeIfPresent(Int64.self, forKey: key(.totalDuration)) ?? 0
        loadDuration = try c.decodeIfPresent(Int64.self, forKey: key(.loadDuration)) ?? 0
        promptEvalCount = try c.decodeIfPresent(Int.self, forKey: key(.promptEvalCount)) ?? 0
        promptEvalDuration = try c.decodeIfPresent(Int64.self, forKey: key(.promptEvalDuration)) ?? 0
        evalCount = try c.decodeIfPresent(Int.self, forKey: key(.evalCount)) ?? 0
        evalDuration = try c.decodeIfPresent(Int64.self, forKey: key(.evalDuration)) ?? 0
    }
}
