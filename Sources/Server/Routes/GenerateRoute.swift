import Foundation
import Engine

/// `POST /api/generate`: completion from a prompt (ollama-api.md §1.1).
enum GenerateRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        router.post("/api/generate") { request, response in
            try handle(try request.decodeJSON(GenerateRequest.self), context: context, response: response)
        }
    }

    static func handle(_ request: GenerateRequest, context: ServerContext, response: HTTPResponseWriter) throws {
        var req = request
        let start = GenerationRun.now()
        guard !req.model.isEmpty else { throw APIError.notFound("model '' not found") }
        let format = try ResponseFormat.validate(req.format)
        try GenerationRequest.checkLogprobs(req.topLogprobs)
        let job = try GenerationRequest(context: context, name: req.model, requestOptions: req.options)
        let scheduler = job.engine.scheduler

        if req.prompt.isEmpty, let keepAlive = req.keepAlive, keepAlive.duration == .zero {
            scheduler.unload(job.model, isCancelled: { response.isCancelled })
            try response.sendAPI(GenerateResponse(model: req.model, done: true, doneReason: "unload"))
            return
        }
        if req.raw, !req.template.isEmpty || !req.system.isEmpty || !(req.context ?? []).isEmpty {
            throw GenerationError.badRequest("raw mode does not support template, system, or context")
        }
        try job.checkThinking(req.think)
        if !req.raw { req.think = job.effectiveThink(req.think) }
        if !req.suffix.isEmpty, !job.template.capabilities.insert {
            throw GenerationError.badRequest("\(job.fullName) does not support insert")
        }
        var explicitTemplate: PromptTemplate?
        if !req.template.isEmpty {
            do {
                explicitTemplate = try PromptTemplate(req.template)
            } catch {
                throw GenerationError.badRequest("template: \(error)")
            }
        }

        let lease = try job.acquire(keepAlive: req.keepAlive, response: response)
        defer { lease.release() }
        let runner = lease.runner
        try job.checkImages(req.images?.count ?? 0, runner: runner)
        if req.prompt.isEmpty {
            var done = GenerateResponse(model: req.model, done: true, doneReason: "load")
            done.metrics.loadDuration = lease.loadDuration
            done.metrics.totalDuration = GenerationRun.now() - start
            try response.sendAPI(done)
            return
        }

        let prompt = try buildPrompt(req, job: job, template: explicitTemplate ?? job.template, runner: runner)
        let constraint = try job.constraint(for: format, runner: runner, think: req.think, prompt: prompt)
        let writer = ChunkWriter(response: response, streaming: req.stream ?? true)
        var parser = job.outputParser(think: req.raw ? nil : req.think, tools: [], prompt: prompt)
        var output = ParsedOutput(streaming: writer.streaming, logprobs: req.logprobs, topLogprobs: req.topLogprobs)
        func deliver(_ delta: ChatOutputParser.Delta) throws {
            try output.deliver(delta) { delta, entries in
                var chunk = GenerateResponse(model: req.model, response: delta.content)
                if !delta.thinking.isEmpty { chunk.thinking = delta.thinking }
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
            var done = GenerateResponse(model: req.model, response: writer.streaming ? "" : output.whole.content, done: true,
                                        doneReason: outcome.finishReason.rawValue)
            if !writer.streaming, !output.whole.thinking.isEmpty { done.thinking = output.whole.thinking }
            if !req.raw { done.context = (prompt.tokens + outcome.generated).map { Int($0) } }
            done.metrics = GenerationRequest.metrics(outcome, start: start, loadDuration: lease.loadDuration)
            done.logprobs = output.finalLogprobs()
            try writer.finish(done)
        } catch {
            try writer.fail(error)
        }
    }

    /// generate is chat with [system, model MESSAGEs, user prompt] unless `raw`, `suffix` or an
    /// explicit `template`; `context` tokens go first.
    static func buildPrompt(_ req: GenerateRequest, job: GenerationRequest, template: PromptTemplate,
                            runner: Runner) throws -> BuiltPrompt {
        let builder = PromptBuilder(template: template, tokenizer: runner.tokenizer,
                                    contextLength: runner.options.contextLength)
        if req.raw { return try builder.raw(req.prompt) }
        var prefix: [Int32] = []
        for token in req.context ?? [] {
            guard token >= 0, token < runner.tokenizer.vocabularySize else {
                throw GenerationError.badRequest("invalid context token \(token)")
            }
            prefix.append(Int32(token))
        }
        if !req.suffix.isEmpty {
            return try builder.direct(PromptValues(prompt: req.prompt, suffix: req.suffix), prefix: prefix)
        }
        var messages: [PromptMessage] = []
        let system = req.system.isEmpty ? job.model.system : req.system
        if !system.isEmpty { messages.append(PromptMessage(role: "system", content: system)) }
        if req.context == nil {
            messages += job.model.messages.map { PromptMessage(role: $0.role, content: $0.content) }
        }
        messages.append(PromptMessage(role: "user", content: req.prompt, images: req.images ?? []))
        if !req.template.isEmpty {
            return try builder.direct(PromptValues(messages: messages), prefix: prefix)
        }
        return try builder.chat(messages, think: req.think, truncate: req.truncate ?? true,
                                countImages: runner.supportsVision, prefix: prefix)
    }
}
