/// The limits of one generation (ollama's `num_predict`, `num_keep`, `stop`, `shift`).
package struct GenerationOptions: Sendable {
    /// Tokens to generate at most; negative means until the model stops (capped at 10 × num_ctx).
    package var numPredict = -1
    /// Tokens kept at the start of the context when it shifts.
    package var numKeep = 4
    /// Text sequences that end generation; never emitted.
    package var stop: [String] = []
    /// Shift the context when it fills up (else finish with `length`).
    package var shift = true
    package var sampler = SamplerOptions()

    package init() {}
}

/// Why a generation ended (`done_reason`).
package enum FinishReason: String, Sendable {
    case stop
    case length
}
