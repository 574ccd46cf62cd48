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
        if !tools.isEmpty, !job.template.capabilities.tools {
            throw GenerationError.badRequest("\(job.fullName) does not support tools")
        }
        try job.checkThinking(req.think)

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
            .chat(messages(req, model: job.model), tools: tools, think: req.think, truncate: req.truncate ?? true,
                  countImages: runner.supportsVision)
        let constraint = try job.constraint(for: format, runner: runner)
        let writer = ChunkWriter(response: response, streaming: req.stream ?? true)
        var text = ""
        let logprobs = req.logprobs ? LogprobCollector(top: req.topLogprobs) : nil
        var allLogprobs: [Logprob] = []
        do {
            let outcome = try job.generate(
                prompt: prompt, lease: lease, shift: req.shift, constraint: constraint,
                topLogprobs: logprobs?.top, onLogprob: OpenAIPipeline.record(logprobs, runner.tokenizer), response: response
            ) { piece in
                let entries = logprobs?.take().map(\.native)
                if writer.streaming {
                    var chunk = ChatResponse(model: req.model, message: ChatMessage(role: "assistant", content: piece))
                    chunk.logprobs = entries
                    try writer.send(chunk)
                } else {
                    text += piece
                    allLogprobs += entries ?? []
                }
            }
            var done = ChatResponse(
                model: req.model, message: ChatMessage(role: "assistant", content: writer.streaming ? "" : text),
                done: true, doneReason: outcome.finishReason.rawValue)
            done.metrics = GenerationRequest.metrics(outcome, start: start, loadDuration: lease.loadDuration)
            if !writer.streaming { done.logprobs = allLogprobs }
            try writer.finish(done)
        } catch {
            try writer.fail(error)
        }
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
