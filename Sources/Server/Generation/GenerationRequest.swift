import Foundation
import Engine
import Registry

/// The checks and steps generate and chat share: model lookup, options, capabilities, and
/// running a prompt on a leased model while streaming chunks to the client.
struct GenerationRequest {
    let context: ServerContext
    let engine: GenerationEngine
    /// The model name as the client wrote it (echoed in every chunk).
    let requestedName: String
    let model: ResolvedModel
    let options: ModelOptions
    let template: PromptTemplate

    /// Resolves the model and types its options (defaults < params layer < request options).
    init(context: ServerContext, name: String, requestOptions: JSONObject?) throws {
        self.context = context
        engine = try GenerationEngine.from(context)
        requestedName = name
        model = try context.store.resolve(name)
        options = try ModelOptions(layers: [model.parameters, requestOptions ?? JSONObject()])
        if let source = model.template {
            do {
                template = try PromptTemplate(source)
            } catch {
                throw GenerationError.internalError("template: \(error)")
            }
        } else {
            template = .defaultTemplate
        }
    }

    /// `registry.ollama.ai/library/x:latest`, as capability errors name the model.
    var fullName: String { model.name.displayFull }

    /// 400 `"<model>" does not support thinking` for a truthy `think` (no model here thinks).
    func checkThinking(_ think: ThinkValue?) throws {
        if let think, think.isEnabled, !template.capabilities.thinking {
            throw GenerationError.badRequest("\"\(requestedName)\" does not support thinking")
        }
    }

    /// 400 `top_logprobs must be between 0 and 20`.
    static func checkLogprobs(_ top: Int) throws {
        guard (0...20).contains(top) else { throw GenerationError.badRequest("top_logprobs must be between 0 and 20") }
    }

    /// Waits for the model (loading it if needed).
    /// - Parameter verb: what the route does (`generate`, `chat`), for the 400
    ///   `"<model>" does not support <verb>` an embedding-only model gets.
    func acquire(keepAlive: KeepAlive?, response: HTTPResponseWriter, verb: String = "generate") throws -> RunnerLease {
        do {
            return try engine.scheduler.acquire(model, options: options, keepAlive: keepAlive,
                                                isCancelled: { response.isCancelled })
        } catch SchedulerError.wrongKind {
            throw GenerationError.badRequest("\"\(requestedName)\" does not support \(verb)")
        }
    }

    /// 400 `<full name> does not support vision` when images go to a model without vision.
    func checkImages(_ count: Int, runner: Runner) throws {
        if count > 0, !runner.supportsVision {
            throw GenerationError.badRequest("\(fullName) does not support vision")
        }
    }

    /// The `think` a request runs with: a model that thinks gets `true` when the request is silent.
    func effectiveThink(_ think: ThinkValue?) -> ThinkValue? {
        if think == nil, template.capabilities.thinking { return .enabled(true) }
        return think
    }

    /// 400 `<full name> does not support tools` when tools go to a template without `.Tools`.
    func checkTools(_ tools: [JSONValue]) throws {
        if !tools.isEmpty, !template.capabilities.tools {
            throw GenerationError.badRequest("\(fullName) does not support tools")
        }
    }

    /// Whether the model's thinking section is parsed out of the output (the template has tags
    /// and `think` was given or defaulted).
    func parsesThinking(_ think: ThinkValue?) -> Bool {
        think != nil && template.capabilities.thinking
    }

    /// Whether `prompt` already opened the thinking section (its text ends with the opening tag).
    func promptOpensThinking(_ prompt: BuiltPrompt, think: ThinkValue?) -> Bool {
        guard parsesThinking(think), think?.isEnabled == true else { return false }
        let opening = template.thinkingTags.opening
        return prompt.text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix(opening)
    }

    /// The parser of a chat answer: thinking (kept when `think` is on, dropped when off) and
    /// tool calls in the template's format (when `tools` were sent).
    func outputParser(think: ThinkValue?, tools: [JSONValue], prompt: BuiltPrompt) -> ChatOutputParser {
        let names = tools.compactMap { $0["function"]?["name"]?.stringValue ?? $0["name"]?.stringValue }
        return ChatOutputParser(
            thinkingTags: parsesThinking(think) ? template.thinkingTags : nil,
            keepThinking: think?.isEnabled ?? false,
            startsInThinking: promptOpensThinking(prompt, think: think),
            toolTag: tools.isEmpty ? nil : template.toolCallTag, toolNames: names)
    }

    /// The token constraint for `format` (already validated); with thinking on, the grammar
    /// starts after the thinking section.
    func constraint(for format: JSONValue?, runner: Runner, think: ThinkValue? = nil,
                    prompt: BuiltPrompt? = nil) throws -> (any TokenConstraint)? {
        guard let format else { return nil }
        let inner: (any TokenConstraint)?
        do {
            inner = try engine.formats.constraint(for: format, tokenizer: runner.tokenizer)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            throw GenerationError.badRequest("\(error)")
        }
        guard let inner, parsesThinking(think), think?.isEnabled == true else { return inner }
        let tags = template.thinkingTags
        return ThinkingGate(inner: inner, tokenizer: runner.tokenizer, opening: tags.opening, closing: tags.closing,
                            startsInThinking: prompt.map { promptOpensThinking($0, think: think) } ?? false)
    }

    /// Generates from `prompt` on the leased runner, calling `chunk` with each piece of text
    /// (and `onLogprob` with each token's log-probability when `topLogprobs` is given).
    func generate(
        prompt: BuiltPrompt, lease: RunnerLease, shift: Bool?, constraint: (any TokenConstraint)?,
        topLogprobs: Int? = nil, onLogprob: ((TokenLogprob) -> Void)? = nil,
        response: HTTPResponseWriter, chunk: (String) throws -> Void
    ) throws -> GenerationOutcome {
        let runner = lease.runner
        guard let session = runner.session else {
            throw GenerationError.badRequest("\"\(requestedName)\" does not support generate")
        }
        return try GenerationRun.run(
            session: session, tokenizer: runner.tokenizer, prompt: prompt.tokens,
            options: options.generationOptions(shift: shift ?? true), constraint: constraint,
            topLogprobs: topLogprobs, onLogprob: onLogprob,
            isCancelled: { response.isCancelled }, emit: chunk)
    }

    /// The final chunk's metrics.
    static func metrics(_ outcome: GenerationOutcome, start: Int64, loadDuration: Int64) -> GenerationMetrics {
        var m = GenerationMetrics()
        m.totalDuration = GenerationRun.now() - start
        m.loadDuration = loadDuration
        m.promptEvalCount = outcome.promptCount
        m.promptEvalDuration = outcome.promptEvalDuration
        m.evalCount = outcome.generated.count
        m.evalDuration = outcome.evalDuration
        return m
    }
}

/// Writes NDJSON chunks (starting the stream at the first one) or collects them for one object.
struct ChunkWriter {
    let response: HTTPResponseWriter
    let streaming: Bool

    /// Sends one chunk when streaming.
    func send<T: Encodable>(_ value: T) throws {
        guard streaming else { return }
        if !response.hasStarted { try response.startNDJSON() }
        try response.writeAPILine(value)
    }

    /// Sends the final chunk (or the whole answer) and ends the stream.
    func finish<T: Encodable>(_ value: T) throws {
        if streaming {
            try send(value)
            try response.finish()
        } else {
            try response.sendAPI(value)
        }
    }

    /// Ends a started stream with an `{"error": …}` line; before the first byte, rethrows so the
    /// error gets its status.
    func fail(_ error: any Error) throws {
        if case GenerationError.cancelled? = error as? GenerationError, response.isCancelled { return }
        guard response.hasStarted else { throw error }
        let message = (error as? any HTTPResponseError)?.message ?? "\(error)"
        try? response.write(errorJSON(message) + "\n")
        try? response.finish()
    }
}
