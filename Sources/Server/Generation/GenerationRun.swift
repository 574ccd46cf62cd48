import Dispatch
import Engine

/// What one generation produced, for the final chunk.
package struct GenerationOutcome: Sendable {
    package var finishReason: FinishReason
    /// Prompt tokens (cached + evaluated): `prompt_eval_count`.
    package var promptCount: Int
    /// Prompt tokens actually evaluated (the rest came from the cache).
    package var promptEvaluated: Int
    /// Sampled tokens, the end-of-generation token excluded.
    package var generated: [Int32]
    /// Nanoseconds.
    package var promptEvalDuration: Int64
    package var evalDuration: Int64
}

/// Runs one generation on a loaded model: evaluates the prompt (cancellable between batches),
/// then samples token by token, handing text to `emit` as soon as it is safe to show, and
/// checking `isCancelled` before every token.
package enum GenerationRun {
    /// Nanoseconds of a monotonic clock.
    package static func now() -> Int64 { Int64(DispatchTime.now().uptimeNanoseconds) }

    /// With `topLogprobs`, `onLogprob` receives each sampled token's log-probability (end-of-generation
    /// tokens excluded) before the text it completes is emitted.
    ///
    /// - Throws: `GenerationError.cancelled` when `isCancelled` turns true or `emit` fails
    ///   (the client is gone); the session stays consistent and usable.
    package static func run(
        session: InferenceSession, tokenizer: Tokenizer, prompt: [Int32], options: GenerationOptions,
        constraint: (any TokenConstraint)? = nil, topLogprobs: Int? = nil,
        onLogprob: ((TokenLogprob) -> Void)? = nil,
        isCancelled: () -> Bool, emit: (String) throws -> Void
    ) throws -> GenerationOutcome {
        let generator = Generator(
            session: session, tokenizer: tokenizer, options: options,
            constraint: constraint, topLogprobs: onLogprob == nil ? nil : topLogprobs)
        let promptStart = now()
        do {
            try generator.start(prompt: prompt, isCancelled: isCancelled)
        } catch SessionError.cancelled {
            throw GenerationError.cancelled
        } catch let error as SessionError {
            switch error {
            case .promptTooLong(let tokens, let context):
                throw GenerationError.promptTooLong(tokens: tokens, context: context)
            default:
                throw GenerationError.badRequest(error.description)
            }
        }
        let evalStart = now()
        var reported = 0
        while true {
            if isCancelled() { throw GenerationError.cancelled }
            guard let text = try generator.next() else { break }
            if let onLogprob, generator.generated.count > reported {
                reported = generator.generated.count
                if let logprob = generator.lastLogprob, !tokenizer.isEndOfGeneration(logprob.token) { onLogprob(logprob) }
            }
            if !text.isEmpty {
                do {
                    try emit(text)
                } catch {
                    throw GenerationError.cancelled
                }
            }
        }
        let end = now()
        var generated = generator.generated
        if let last = generated.last, tokenizer.isEndOfGeneration(last) { generated.removeLast() }
        return GenerationOutcome(
            finishReason: generator.finishReason ?? .stop, promptCount: prompt.count,
            promptEvaluated: generator.promptEvaluated, generated: generated,
            promptEvalDuration: evalStart - promptStart, evalDuration: end - evalStart)
    }
}
