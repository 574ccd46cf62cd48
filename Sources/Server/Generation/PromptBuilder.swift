import Engine

/// A prompt ready to evaluate: its text and tokens.
package struct BuiltPrompt: Sendable {
    /// The rendered text (after the `context` tokens, if any).
    package var text: String
    /// Every prompt token, `context` tokens first.
    package var tokens: [Int32]
    /// Messages dropped from the front to fit the context (0 when nothing was cut).
    package var droppedMessages: Int
}

/// Renders messages with a model's template and tokenizes them so the prompt fits the context
/// (ollama's `chatPrompt`): with `truncate`, the oldest messages are dropped until it fits, but
/// system messages and the last message are always kept; a prompt that still does not fit (or
/// any over-long prompt without `truncate`) is an error with the token counts, never cut silently.
package struct PromptBuilder {
    package let template: PromptTemplate
    package let tokenizer: Tokenizer
    /// The context length the prompt must fit in.
    package let contextLength: Int
    /// Tokens counted per image (ollama's estimate for projector models).
    package static let imageTokens = 768

    package init(template: PromptTemplate, tokenizer: Tokenizer, contextLength: Int) {
        self.template = template
        self.tokenizer = tokenizer
        self.contextLength = contextLength
    }

    /// Builds a chat prompt from `messages`.
    ///
    /// - Parameters:
    ///   - countImages: whether images take context room (the model has a projector).
    ///   - prefix: tokens placed before the rendered text (generate's deprecated `context`).
    /// - Throws: `GenerationError.promptTooLong` when it cannot fit; `.internalError` when the
    ///   template fails.
    package func chat(
        _ messages: [PromptMessage], tools: [JSONValue] = [], think: ThinkValue? = nil, truncate: Bool = true,
        countImages: Bool = false, prefix: [Int32] = []
    ) throws -> BuiltPrompt {
        var system: [PromptMessage] = []
        var start = 0
        let last = messages.count - 1
        var built = try build(messages, tools: tools, think: think, prefix: prefix)
        func size(_ prompt: BuiltPrompt, from index: Int) -> Int {
            let images = countImages ? messages[index...].reduce(0) { $0 + $1.images.count } : 0
            return prompt.tokens.count + images * Self.imageTokens
        }
        if truncate {
            while start < last, size(built, from: start) > contextLength {
                if messages[start].role == "system" { system.append(messages[start]) }
                start += 1
                built = try build(system + messages[start...], tools: tools, think: think, prefix: prefix)
            }
        }
        let total = size(built, from: max(0, min(start, last)))
        guard total <= contextLength else {
            throw GenerationError.promptTooLong(tokens: total, context: contextLength)
        }
        built.droppedMessages = start
        return built
    }

    /// Renders `{Prompt, Suffix}` (fill-in-middle) or the messages with an explicit template, without truncation.
    package func direct(_ values: PromptValues, prefix: [Int32] = []) throws -> BuiltPrompt {
        let text = try render(values)
        let prompt = BuiltPrompt(text: text, tokens: prefix + tokenize(text, afterPrefix: !prefix.isEmpty), droppedMessages: 0)
        guard prompt.tokens.count <= contextLength else {
            throw GenerationError.promptTooLong(tokens: prompt.tokens.count, context: contextLength)
        }
        return prompt
    }

    /// Tokenizes raw text (generate's `raw` mode).
    package func raw(_ text: String) throws -> BuiltPrompt {
        let prompt = BuiltPrompt(text: text, tokens: tokenize(text, afterPrefix: false), droppedMessages: 0)
        guard prompt.tokens.count <= contextLength else {
            throw GenerationError.promptTooLong(tokens: prompt.tokens.count, context: contextLength)
        }
        return prompt
    }

    private func build(_ messages: [PromptMessage], tools: [JSONValue], think: ThinkValue?, prefix: [Int32]) throws -> BuiltPrompt {
        var values = PromptValues(messages: messages, tools: tools)
        if let think {
            values.isThinkSet = true
            values.think = think.isEnabled
            if case .level(let level) = think { values.thinkLevel = level }
        }
        let text = try render(values)
        return BuiltPrompt(text: text, tokens: prefix + tokenize(text, afterPrefix: !prefix.isEmpty), droppedMessages: 0)
    }

    private func render(_ values: PromptValues) throws -> String {
        do {
            return try ChatPromptRenderer(template: template).render(values)
        } catch {
            throw GenerationError.internalError("template: \(error)")
        }
    }

    /// Special tokens in the rendered text are parsed; BOS is added per the tokenizer unless the
    /// text continues earlier tokens.
    private func tokenize(_ text: String, afterPrefix: Bool) -> [Int32] {
        tokenizer.encode(text, addSpecial: !afterPrefix, parseSpecial: true)
    }
}
