import Foundation

/// `POST /api/chat` (ollama's `api.ChatRequest`).
public struct ChatRequest: Codable, Sendable {
    public var model: String
    public var messages: [ChatMessage]
    /// Tool definitions exactly as sent (`{"type":"function","function":{…}}`).
    public var tools: [JSONValue]?
    public var format: JSONValue?
    public var options: JSONObject?
    /// nil = true.
    public var stream: Bool?
    public var keepAlive: KeepAlive?
    public var think: ThinkValue?
    public var truncate: Bool?
    public var shift: Bool?
    public var logprobs: Bool
    public var topLogprobs: Int
    public var debugRenderOnly: Bool

    public init(model: String, messages: [ChatMessage] = [], tools: [JSONValue]? = nil, format: JSONValue? = nil,
                options: JSONObject? = nil, stream: Bool? = nil, keepAlive: KeepAlive? = nil, think: ThinkValue? = nil,
                truncate: Bool? = nil, shift: Bool? = nil) {
        self.model = model
        self.messages = messages
        self.tools = tools
        self.format = format
        self.options = options
        self.stream = stream
        self.keepAlive = keepAlive
        self.think = think
        self.truncate = truncate
        self.shift = shift
        logprobs = false
        topLogprobs = 0
        debugRenderOnly = false
    }

    enum CodingKeys: String, CodingKey {
        case model, messages, tools, format, options, stream, think, truncate, shift, logprobs
        case keepAlive = "keep_alive"
        case topLogprobs = "top_logprobs"
        case debugRenderOnly = "_debug_render_only"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decodeIfPresent(String.self, forKey: .model) ?? ""
        messages = try c.decodeIfPresent([ChatMessage].self, forKey: .messages) ?? []
        tools = try c.decodeIfPresent([JSONValue].self, forKey: .tools)
        format = try c.decodeIfPresent(JSONValue.self, forKey: .format)
        options = try c.decodeIfPresent(JSONValue.self, forKey: .options)?.objectValue
        stream = try c.decodeIfPresent(Bool.self, forKey: .stream)
        keepAlive = try c.decodeIfPresent(KeepAlive.self, forKey: .keepAlive)
        think = try c.decodeIfPresent(ThinkValue.self, forKey: .think)
        truncate = try c.decodeIfPresent(Bool.self, forKey: .truncate)
        shift = try c.decodeIfPresent(Bool.self, forKey: .shift)
        logprobs = try c.decodeIfPresent(Bool.self, forKey: .logprobs) ?? false
        topLogprobs = try c.decodeIfPresent(Int.self, forKey: .topLogprobs) ?? 0
        debugRenderOnly = try c.decodeIfPresent(Bool.self, forKey: .debugRenderOnly) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(messages, forKey: .messages)
        if let tools, !tools.isEmpty { try c.encode(tools, forKey: .tools) }
        if let format, !format.isNull { try c.encode(format, forKey: .format) }
        if let options, !options.isEmpty { try c.encode(JSONValue.object(options), forKey: .options) }
        if let stream { try c.encode(stream, forKey: .stream) }
        if let keepAlive { try c.encode(keepAlive, forKey: .keepAlive) }
        if let think { try c.encode(think, forKey: .think) }
        if let truncate { try c.encode(truncate, forKey: .truncate) }
        if let shift { try c.encode(shift, forKey: .shift) }
    }
}

/// One chunk of a `/api/chat` answer (ollama's `api.ChatResponse`).
public struct ChatResponse: Codable, Sendable {
    public var model: String
    public var createdAt: Date
    public var message: ChatMessage
    public var done: Bool
    public var doneReason: String?
    public var metrics: GenerationMetrics
    /// Per-token log-probabilities when the request asked for `logprobs`.
    public var logprobs: [Logprob]?

    public init(model: String, createdAt: Date = Date(), message: ChatMessage = ChatMessage(role: "assistant", content: ""),
                done: Bool = false, doneReason: String? = nil, metrics: GenerationMetrics = GenerationMetrics()) {
        self.model = model
        self.createdAt = createdAt
        self.message = message
        self.done = done
        self.doneReason = doneReason
        self.metrics = metrics
    }

    enum CodingKeys: String, CodingKey {
        case model, message, done, logprobs
        case createdAt = "created_at"
        case doneReason = "done_reason"
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
        message = try c.decodeIfPresent(ChatMessage.self, forKey: .message) ?? ChatMessage(role: "assistant", content: "")
        done = try c.decodeIfPresent(Bool.self, forKey: .done) ?? false
        doneReason = try c.decodeIfPresent(String.self, forKey: .doneReason)
        metrics = try GenerationMetrics(from: c, key: Self.key)
        logprobs = try c.decodeIfPresent([Logprob].self, forKey: .logprobs)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encodeTime(createdAt, forKey: .createdAt)
        try c.encode(message, forKey: .message)
        try c.encode(done, forKey: .done)
        if let doneReason, !doneReason.isEmpty { try c.encode(doneReason, forKey: .doneReason) }
        try metrics.encode(into: &c, key: Self.key)
        if let logprobs, !logprobs.isEmpty { try c.encode(logprobs, forKey: .logprobs) }
    }
}
