import Foundation
import Engine

/// Runs a native chat or generate request through the same steps as `/api/chat` and
/// `/api/generate`, handing each piece of text to the caller instead of writing NDJSON.
enum OpenAIPipeline {
    /// What a finished generation reports to the OpenAI shapes.
    struct Result {
        var outcome: GenerationOutcome
        /// Whether the answer made tool calls.
        var madeToolCalls = false
        /// `stop`, `length` or `tool_calls` (stopped after calling tools), as OpenAI names them.
        var finishReason: String {
            if outcome.finishReason == .length { return "length" }
            return madeToolCalls ? "tool_calls" : "stop"
        }
        var promptTokens: Int { outcome.promptCount }
        var completionTokens: Int { outcome.generated.count }

        /// `{"prompt_tokens","completion_tokens","total_tokens"}`.
        var usage: JSONValue {
            ["prompt_tokens": .int(Int64(promptTokens)), "completion_tokens": .int(Int64(completionTokens)),
             "total_tokens": .int(Int64(promptTokens + completionTokens))]
        }
    }

    /// Chat: model checks, lease, template, generation; the output is parsed into thinking,
    /// content and tool calls before it reaches `piece`. With `logprobs`, each token's entry is
    /// added to it before the piece it completes.
    static func chat(_ req: ChatRequest, context: ServerContext, response: HTTPResponseWriter,
                     logprobs: LogprobCollector? = nil,
                     piece: (ChatOutputParser.Delta) throws -> Void) throws -> Result {
        let format = try ResponseFormat.validate(req.format)
        let job = try GenerationRequest(context: context, name: req.model, requestOptions: req.options)
        let tools = req.tools ?? []
        try job.checkTools(tools)
        try job.checkThinking(req.think)
        let think = job.effectiveThink(req.think)
        let lease = try job.acquire(keepAlive: req.keepAlive, response: response, verb: "chat")
        defer { lease.release() }
        let runner = lease.runner
        try job.checkImages(req.messages.reduce(0) { $0 + ($1.images?.count ?? 0) }, runner: runner)
        let prompt = try PromptBuilder(template: job.template, tokenizer: runner.tokenizer,
                                       contextLength: runner.options.contextLength)
            .chat(ChatRoute.messages(req, model: job.model), tools: tools, think: think,
                  truncate: req.truncate ?? true, countImages: runner.supportsVision)
        let constraint = try job.constraint(for: format, runner: runner, think: think, prompt: prompt)
        var parser = job.outputParser(think: think, tools: tools, prompt: prompt)
        var madeToolCalls = false
        func deliver(_ delta: ChatOutputParser.Delta) throws {
            guard !delta.isEmpty else { return }
            if !delta.calls.isEmpty { madeToolCalls = true }
            try piece(delta)
        }
        let outcome = try job.generate(prompt: prompt, lease: lease, shift: req.shift, constraint: constraint,
                                       topLogprobs: logprobs?.top, onLogprob: record(logprobs, runner.tokenizer),
                                       response: response) { try deliver(parser.add($0)) }
        try deliver(parser.finish())
        return Result(outcome: outcome, madeToolCalls: madeToolCalls)
    }

    /// Completion: the prompt through the model's template (or `suffix` fill-in-the-middle).
    static func generate(_ req: GenerateRequest, context: ServerContext, response: HTTPResponseWriter,
                         logprobs: LogprobCollector? = nil, piece: (String) throws -> Void) throws -> Result {
        let job = try GenerationRequest(context: context, name: req.model, requestOptions: req.options)
        if !req.suffix.isEmpty, !job.template.capabilities.insert {
            throw GenerationError.badRequest("\(job.fullName) does not support insert")
        }
        let lease = try job.acquire(keepAlive: req.keepAlive, response: response)
        defer { lease.release() }
        let runner = lease.runner
        let prompt = try GenerateRoute.buildPrompt(req, job: job, template: job.template, runner: runner)
        let outcome = try job.generate(prompt: prompt, lease: lease, shift: req.shift, constraint: nil,
                                       topLogprobs: logprobs?.top, onLogprob: record(logprobs, runner.tokenizer),
                                       response: response, chunk: piece)
        return Result(outcome: outcome)
    }

    /// The callback that renders each token's log-probability into `collector` (nil without one).
    static func record(_ collector: LogprobCollector?, _ tokenizer: Tokenizer) -> ((TokenLogprob) -> Void)? {
        guard let collector else { return nil }
        return { collector.add(LogprobEntry($0, tokenizer: tokenizer)) }
    }

    /// A `chatcmpl-`/`cmpl-` id: ollama uses a random number below 999.
    static func id(_ prefix: String) -> String { "\(prefix)-\(Int.random(in: 0..<999))" }

    /// Unix seconds now.
    static func created() -> Int64 { Int64(Date().timeIntervalSince1970) }
}

/// Server-sent events (`data: <json>\n\n`, ending `data: [DONE]\n\n`).
struct OpenAISSE {
    let response: HTTPResponseWriter

    /// Sends one event, starting the `text/event-stream` response at the first.
    func send(_ value: JSONValue) throws {
        if !response.hasStarted {
            var headers = HTTPHeaders()
            headers.set("Content-Type", "text/event-stream")
            headers.set("Cache-Control", "no-cache")
            try response.startStream(.ok, headers: headers)
        }
        try response.write("data: " + value.serialized(escapeHTML: false) + "\n\n")
    }

    /// `data: [DONE]` and the end of the stream.
    func done() throws {
        try response.write("data: [DONE]\n\n")
        try response.finish()
    }
}
