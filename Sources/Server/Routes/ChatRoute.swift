import Foundation
import Engine

/// `POST /api/chat`: the next assistant message of a conversation (ollama-api.md §1.2).
enum ChatRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        router.post("/api/chat") { request, response in
            try handle(try request.decodeJSON(ChatRequest.self), context: context, response: response)
        }
    }

    static func handle(_ req: ChatRequest, context: ServerContext, response: HTTPResponseWriter) throws {
        let start = GenerationRun.now()
        guard !req.model.isEmpty else { throw APIError.modelRequired }
        let format = try ResponseFormat.validate(req.format)
        try GenerationRequest.checkLogprobs(req.topLogprobs)
        let job = try GenerationRequest(context: context, name: req.model, requestOptions: req.options)
        let scheduler = job.engine.scheduler
        let empty = ChatMessage(role: "assistant", content: "")

        if req.messages.isEmpty, let keepAlive = req.keepAlive, keepAlive.duration == .zero {
            scheduler.unload(job.model, isCancelled: { response.isCancelled })
            try response.sendAPI(ChatResponse(model: req.model, message: empty, done: true, doneReason: "unload"))
            return
        }
        let tools = req.tools ?? []
        try job.checkTools(tools)
        try job.checkThinking(req.think)
        let think = job.effectiveThink(req.think)

        let lease = try job.acquire(keepAlive: req.keepAlive, response: response, verb: "chat")
        defer { lease.release() }
        let runner = lease.runner
        if req.messages.isEmpty {
            var done = ChatResponse(model: req.model, message: empty, done: true, doneReason: "load")
            done.metrics.loadDuration = lease.loadDuration
            done.metrics.totalDuration = GenerationRun.now() - start
            try response.sendAPI(done)
            return
        }
        try job.checkImages(req.messages.reduce(0) { $0 + ($1.images?.count ?? 0) }, runner: runner)

        let prompt = try PromptBuilder(template: job.template, tokenizer: runner.tokenizer,
                                       contextLength: runner.options.contextLength)
            .chat(messages(req, model: job.model), tools: tools, think: think, truncate: req.truncate ?? true,
                  countImages: runner.supportsVision)
        let constraint = try job.constraint(for: format, runner: runner, think: think, prompt: prompt)
        let writer = ChunkWriter(response: response, streaming: req.stream ?? true)
        var parser = job.outputParser(think: think, tools: tools, prompt: prompt)
        var output = ParsedOutput(streaming: writer.streaming, logprobs: req.logprobs, topLogprobs: req.topLogprobs)
        func deliver(_ delta: ChatOutputParser.Delta) throws {
            try output.deliver(delta) { delta, entries in
                var chunk = ChatResponse(model: req.model, message: message(delta))
                chunk.logprobs = entries
                try writer.send(chunk)
            }
        }
        do {
            let outcome = try job.generate(
                prompt: prompt, lease: lease, shift: req.shift, constraint: constraint,
                topLogprobs: output.logprobs?.top, onLogprob: OpenAIPipeline.record(output.logprobs, runner.tokenizer), response: response
            ) { piece in
                try deliver(parser.add(piece))
            }
            try deliver(parser.finish())
            var done = ChatResponse(
                model: req.model, message: writer.streaming ? empty : message(output.whole),
                done: true, doneReason: outcome.finishReason.rawValue)
            done.metrics = GenerationRequest.metrics(outcome, start: start, loadDuration: lease.loadDuration)
            done.logprobs = output.finalLogprobs()
            try writer.finish(done)
        } catch {
            try writer.fail(error)
        }
    }

    /// The assistant message of a parsed piece of output.
    static func message(_ delta: ChatOutputParser.Delta) -> ChatMessage {
        ChatMessage(role: "assistant", content: delta.content, thinking: delta.thinking.isEmpty ? nil : delta.thinking,
                    toolCalls: delta.calls.isEmpty ? nil : delta.calls.map(\.apiToolCall))
    }

    /// Model MESSAGEs + request messages, with the model's SYSTEM first unless the request starts
    /// with its own system message.
    static func messages(_ req: ChatRequest, model: ResolvedModel) -> [PromptMessage] {
        var messages = model.messages.map { PromptMessage(role: $0.role, content: $0.content) }
            + req.messages.map(\.promptMessage)
        if req.messages.first?.role != "system", !model.system.isEmpty {
            messages.insert(PromptMessage(role: "system", content: model.system), at: 0)
        }
        return messages
    }
}
