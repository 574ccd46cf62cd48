/// Generates text from a prompt, one token per `next()`: samples, stops on end-of-generation
/// tokens and stop sequences (held back across token boundaries, never emitted), respects
/// `num_predict`, and shifts the context when it fills up.
package final class Generator {
    package let session: InferenceSession
    package let tokenizer: Tokenizer
    package let options: GenerationOptions
    let sampler: Sampler
    var detokenizer: StreamingDetokenizer
    var matcher: StopSequenceMatcher
    /// Restricts the tokens that may be sampled (structured outputs); nil = any. Generation
    /// stops once it is complete.
    package let constraint: (any TokenConstraint)?
    /// Tokens generated so far (including the one that stopped generation, if any).
    package private(set) var generated: [Int32] = []
    /// Set once generation has ended.
    package private(set) var finishReason: FinishReason?
    /// Prompt tokens evaluated (the rest were reused from the cache).
    package private(set) var promptEvaluated = 0
    /// Captures each logits row when log-probabilities were requested; nil costs nothing.
    private var logprobRecorder: LogprobRecorder?
    /// The log-probability of the token the last `next()` sampled (nil unless requested).
    package private(set) var lastLogprob: TokenLogprob?

    package init(
        session: InferenceSession, tokenizer: Tokenizer, options: GenerationOptions,
        constraint: (any TokenConstraint)? = nil, topLogprobs: Int? = nil
    ) {
        self.session = session
        self.tokenizer = tokenizer
        self.options = options
        self.constraint = constraint
        sampler = Sampler(options: options.sampler, vocabularySize: session.model.hyperParameters.vocabularySize)
        detokenizer = tokenizer.makeStreamingDecoder()
        matcher = StopSequenceMatcher(stops: options.stop)
        logprobRecorder = topLogprobs.map {
            LogprobRecorder(vocabularySize: session.model.hyperParameters.vocabularySize, topCount: max(0, $0))
        }
    }

    /// Evaluates the prompt (reusing the cached prefix). Must be called once before `next()`.
    package func start(prompt: [Int32], isCancelled: () -> Bool = { false }) throws {
        promptEvaluated = try session.evaluate(prompt, isCancelled: isCancelled)
    }

    /// The most tokens this generation may produce.
    var limit: Int {
        options.numPredict < 0 ? 10 * session.contextLength : options.numPredict
    }

    /// Tokens that may still be sampled, the next one included: up to `limit`, and up to a full
    /// context when it may not shift (the token sampled at a full context is the last).
    var remainingTokens: Int {
        let left = limit - generated.count
        return options.shift ? left : min(left, session.contextLength - session.tokens.count + 1)
    }

    /// Samples and appends the next token.
    ///
    /// - Returns: text safe to emit now (possibly empty while a stop sequence might be forming),
    ///   or nil once generation has finished (`finishReason` says why).
    package func next() throws -> String? {
        if finishReason != nil { return nil }
        if generated.count >= limit { return finish(.length) }
        // Log-probabilities describe the model's own distribution: captured before the
        // grammar mask and the penalties touch the row.
        logprobRecorder?.capture(session.logits.pointer)
        if let constraint {
            constraint.setBudget(remaining: remainingTokens)
            if constraint.mask(session.logits.pointer, count: session.logits.count) == 0 {
                return finish(.stop)  // the grammar allows nothing more
            }
        }
        let token = sampler.sample(session.logits.pointer, history: session.tokens[...])
        lastLogprob = logprobRecorder?.logprob(for: token)
        generated.append(token)
        if tokenizer.isEndOfGeneration(token) { return finish(.stop) }
        try constraint?.accept(token)
        let (text, stopped) = matcher.feed(detokenizer.append(token))
        if stopped {
            finishReason = .stop
            return text
        }
        if constraint?.isComplete == true {
            finishReason = .stop
            return text + matcher.feed(detokenizer.flush()).emit + matcher.flush()
        }
        if generated.count >= limit {
            finishReason = .length
            return text + matcher.feed(detokenizer.flush()).emit + matcher.flush()
        }
        if session.tokens.count >= session.contextLength {
            guard options.shift, session.shiftContext(keep: options.numKeep) > 0 else {
                finishReason = .length
                return text + matcher.feed(detokenizer.flush()).emit + matcher.flush()
            }
        }
        try session.append(token)
        return text
    }

    /// Ends generation, returning whatever text was still held back (nil if none).
    private func finish(_ reason: FinishReason) -> String? {
        finishReason = reason
        let rest = matcher.feed(detokenizer.flush())
        let tail = rest.stopped ? rest.emit : rest.emit + matcher.flush()
        return tail.isEmpty ? nil : tail
    }
}
