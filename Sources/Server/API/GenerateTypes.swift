import Foundation

/// `POST /api/generate` (ollama's `api.GenerateRequest`).
public struct GenerateRequest: Codable, Sendable {
    public var model: String
    public var prompt: String
    public var suffix: String
    public var system: String
    public var template: String
    /// Deprecated: tokens of an earlier answer, prepended to the prompt.
    public var context: [Int]?
    /// nil = true (stream NDJSON).
    public var stream: Bool?
    public var raw: Bool
    /// nil, `""`, `"json"` or a JSON Schema object.
    public var format: JSONValue?
    public var keepAlive: KeepAlive?
    public var images: [String]?
    /// Raw options; typed by `ModelOptions`.
    public var options: JSONObject?
    public var think: ThinkValue?
    public var truncate: Bool?
    public var shift: Bool?
    public var logprobs: Bool
    public var topLogprobs: Int
    public var debugRenderOnly: Bool

    public init(model: String, prompt: String = "", suffix: String = "", system: String = "", template: String = "",
                context: [Int]? = nil, stream: Bool? = nil, raw: Bool = false, format: JSONValue? = nil,
                keepAlive: KeepAlive? = nil, images: [String]? = nil, options: JSONObject? = nil,
                think: ThinkValue? = nil, truncate: Bool? = nil, shift: Bool? = nil) {
        self.model = model
        self.prompt = prompt
        self.suffix = suffix
        self.system = system
        self.template = template
        self.context = context
        self.stream = stream
        self.raw = raw
        self.format = format
        self.keepAlive = keepAlive
        self.images = images
        self.options = options
        self.think = think
        self.truncate = truncate
        self.shift = shift
        logprobs = false
        topLogprobs = 0
        debugRenderOnly = false
    }

    enum CodingKeys: String, CodingKey {
        case model, name, prompt, suffix, system, template, context, stream, raw, format, images, options, think
        case truncate, shift, logprobs
        case keepAlive = "keep_alive"
        case topLogprobs = "top_logprobs"
        case debugRenderOnly = "_debug_render_only"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let model = try c.decodeIfPresent(String.self, forKey: .model) ?? ""
        self.model = model.isEmpty ? (try c.decodeIfPresent(String.self, forKey: .name) ?? "") : model
        prompt = try c.decodeIfPresent(String.self, forKey: .prompt) ?? ""
        suffix = try c.decodeIfPresent(String.self, forKey: .suffix) ?? ""
        system = try c.decodeIfPresent(String.self, forKey: .system) ?? ""
        template = try c.decodeIfPresent(String.self, forKey: .template) ?? ""
        context = try c.decodeIfPresent([Int].self, forKey: .context)
        stream = try c.decodeIfPresent(Bool.self, forKey: .stream)
        raw = try c.decodeIfPresent(Bool.self, forKey: .raw) ?? false
        format = try c.decodeIfPresent(JSONValue.self, forKey: .format)
        keepAlive = try c.decodeIfPresent(KeepAlive.self, forKey: .keepAlive)
        images = try c.decodeIfPresent([String].self, forKey: .images)
        options = try c.decodeIfPresent(JSONValue.self, forKey: .options)?.objectValue
        think = try c.decodeIfPresent(ThinkValue.self, forKey: .think)
        truncate = try c.decodeIfPresent(Bool.self, forKey: .truncate)
        shift = try c.decodeIfPresent(Bool.self, forKey: .shift)
        logprobs = try c.decodeIfPresent(Bool.self, forKey: .logprobs) ?? false
        topLogprobs = try c.decodeIfPresent(Int.self, forKey: .topLogprobs) ?? 0
        debugRenderOnly = try c.decodeIfPresent(Bool.self, forKey: .debugRenderOnly) ?? false
    }

    /// Go's `omitempty` encoding, as ollama's client sends it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(prompt, forKey: .prompt)
        if !suffix.isEmpty { try c.encode(suffix, forKey: .suffix) }
        if !system.isEmpty { try c.encode(system, forKey: .system) }
        if !template.isEmpty { try c.encode(template, forKey: .template) }
        if let context, !context.isEmpty { try c.encode(context, forKey: .context) }
        if let stream { try c.encode(stream, forKey: .stream) }
        if raw { try c.encode(raw, forKey: .raw) }
        if let format, !format.isNull { try c.encode(format, forKey: .format) }
        if let keepAlive { try c.encode(keepAlive, forKey: .keepAlive) }
        if let images, !images.isEmpty { try c.encode(images, forKey: .images) }
        if let options, !options.isEmpty { try c.encode(JSONValue.object(options), forKey: .options) }
        if let think { try c.encode(think, forKey: .think) }
        if let truncate { try c.encode(truncate, forKey: .truncate) }
        if let shift { try c.encode(shift, forKey: .shift) }
    }
}

/// One chunk of a `/api/generate` answer (ollama's `api.GenerateResponse`).
public struct GenerateResponse: Codable, Sendable {
    public var model: String
    public var createdAt: Date
    public var response: String
    public var thinking: String?
    public var done: Bool
    /// `stop`, `length`, `load` or `unload` on the final chunk.
    public var doneReason: String?
    /// Prompt + answer tokens (final chunk, not in raw mode).
    public var context: [Int]?
    public var metrics: GenerationMetrics
    public var toolCalls: [ToolCall]?
    /// Per-token log-probabilities when the request asked for `logprobs`.
    public var logprobs: [Logprob]?

    public init(model: String, createdAt: Date = Date(), response: String = "", done: Bool = false,
                doneReason: String? = nil, context: [Int]? = nil, metrics: GenerationMetrics = GenerationMetrics()) {
        self.model = model
        self.createdAt = createdAt
        self.response = response
        self.done = done
        self.doneReason = doneReason
        self.context = context
        self.metrics = metrics
    }

    enum CodingKeys: String, CodingKey {
        case model, response, thinking, done, context, logprobs
        case createdAt = "created_at"
        case doneReason = "done_reason"
        case toolCalls = "tool_calls"
        case totalDuration = "total_duration"
        case loadDuration = "load_duration"
        case promptEvalCount = "prompt_eval_count"
        case promptEvalDuration = "prompt_eval_duration"
        case evalCount = "eval_count"
        case evalDuration = "eval_duration"
    }

    static func key(_ k: GenerationMetrics.CodingKeys) -> CodingKeys {
        CodingKeys(rawValue: k.rawValue) ?? .model
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decodeIfPresent(String.self, forKey: .model) ?? ""
        createdAt = try c.decodeTime(forKey: .createdAt)
        response = try c.decodeIfPresent(String.self, forKey: .response) ?? ""
        thinking = try c.decodeIfPresent(String.self, forKey: .thinking)
        done = try c.decodeIfPresent(Bool.self, forKey: .done) ?? false
        doneReason = try c.decodeIfPresent(String.self, forKey: .doneReason)
        context = try c.decodeIfPresent([Int].self, forKey: .context)
        metrics = try GenerationMetrics(from: c, key: Self.key)
        toolCalls = try c.decodeIfPresent([ToolCall].self, forKey: .toolCalls)
        logprobs = try c.decodeIfPresent([Logprob].self, forKey: .logprobs)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encodeTime(createdAt, forKey: .createdAt)
        try c.encode(response, forKey: .response)
        if let thinking, !thinking.isEmpty { try c.encode(thinking, forKey: .thinking) }
        try c.encode(done, forKey: .done)
        if let doneReason, !doneReason.isEmpty { try c.encode(doneReason, forKey: .doneReason) }
        if let context, !context.isEmpty { try c.encode(context, forKey: .context) }
        try metrics.encode(into: &c, key: Self.key)
        if let toolCalls, !toolCalls.isEmpty { try c.encode(toolCalls, forKey: .toolCalls) }
        if let logprobs, !logprobs.isEmpty { try c.encode(logprobs, forKey: .logprobs) }
    }
}
