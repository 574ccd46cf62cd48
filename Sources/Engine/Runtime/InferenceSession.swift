/// A model with its KV cache and the tokens the cache holds: evaluates prompts in batches,
/// reusing the longest common prefix with what is cached, and appends generated tokens.
///
/// Not thread-safe: one generation at a time (the scheduler serialises requests per model).
package final class InferenceSession {
    package let model: any LanguageModel
    package let cache: KVCache
    /// Tokens whose keys and values are in the cache, in position order.
    package private(set) var tokens: [Int32] = []
    /// Logits after the last evaluated token: [vocabularySize].
    package let logits: Buffer
    /// Tokens per forward call while evaluating a prompt (num_batch).
    package let batchSize: Int

    package init(model: any LanguageModel, contextLength: Int, batchSize: Int = 512) {
        self.model = model
        cache = model.makeCache(contextLength: contextLength)
        logits = Buffer(model.hyperParameters.vocabularySize)
        self.batchSize = max(1, min(batchSize, model.maxBatch))
        tokens.reserveCapacity(contextLength)
    }

    /// Positions the cache holds (num_ctx).
    package var contextLength: Int { cache.capacity }

    /// Makes the cache hold exactly `prompt` and leaves the logits of its last token.
    ///
    /// - Returns: how many tokens were evaluated (the rest came from the cache).
    /// - Throws: `SessionError.cancelled` when `isCancelled` turns true between batches,
    ///   `SessionError.promptTooLong` when the prompt does not fit.
    @discardableResult
    package func evaluate(_ prompt: [Int32], isCancelled: () -> Bool = { false }) throws -> Int {
        guard !prompt.isEmpty else { throw SessionError.emptyPrompt }
        guard prompt.count <= cache.capacity else {
            throw SessionError.promptTooLong(tokens: prompt.count, context: cache.capacity)
        }
        let vocabulary = model.hyperParameters.vocabularySize
        for t in prompt where t < 0 || Int(t) >= vocabulary { throw SessionError.invalidToken(t) }
        var common = 0
        while common < min(tokens.count, prompt.count), tokens[common] == prompt[common] { common += 1 }
        // The last prompt token must be evaluated to get its logits, in a batch of at least two:
        // a single token takes another summation order (llama.cpp's decode path), so a repeated
        // request would not give the logits of its first evaluation.
        if common >= prompt.count - 1 { common = max(0, prompt.count - 2) }
        tokens.removeSubrange(common...)
        cache.truncate(to: common)
        var start = common
        while start < prompt.count {
            if isCancelled() { throw SessionError.cancelled }
            let end = min(prompt.count, start + batchSize)
            try run(Array(prompt[start..<end]), position: start)
            start = end
        }
        return prompt.count - common
    }

    /// Appends `token` at the next position and computes the logits after it.
    package func append(_ token: Int32) throws {
        guard token >= 0, Int(token) < model.hyperParameters.vocabularySize else {
            throw SessionError.invalidToken(token)
        }
        guard tokens.count < cache.capacity else {
            throw SessionError.promptTooLong(tokens: tokens.count + 1, context: cache.capacity)
        }
        // One token: no array per call (the token loop allocates nothing).
        withUnsafePointer(to: token) { pointer in
            model.forward(UnsafeBufferPointer(start: pointer, count: 1), position: tokens.count, cache: cache,
                          rows: .last, logits: logits.pointer)
        }
        tokens.append(token)
    }

    /// Frees room when the context is full: keeps the first `keep` tokens and drops half of the
    /// rest (llama.cpp's and ollama's context shift).
    ///
    /// - Returns: the number of tokens discarded.
    @discardableResult
    package func shiftContext(keep: Int) -> Int {
        let keep = max(0, min(keep, tokens.count - 1))
        let discard = (tokens.count - keep) / 2
        guard discard > 0 else { return 0 }
        let m = model
        cache.shift(keep: keep, discard: discard) { layer, row, delta in
            m.rotateKeys(row, layer: layer, delta: delta)
        }
        tokens.removeSubrange(keep..<(keep + discard))
        return discard
    }

    /// Forgets the cached tokens.
    package func reset() {
        tokens.removeAll(keepingCapacity: true)
        cache.truncate(to: 0)
    }

    private func run(_ batch: [Int32], position: Int) throws {
        batch.withUnsafeBufferPointer { buf in
            model.forward(buf, position: position, cache: cache, rows: .last, logits: logits.pointer)
        }
        tokens.append(contentsOf: batch)
    }
}

/// Why a session could not evaluate.
package enum SessionError: Error, CustomStringConvertible, Equatable {
    case cancelled
    case emptyPrompt
    case invalidToken(Int32)
    case promptTooLong(tokens: Int, context: Int)

    package var description: String {
        switch self {
        case .cancelled: return "request canceled"
        case .emptyPrompt: return "the prompt is empty"
        case .invalidToken(let t): return "invalid token id \(t)"
        case .promptTooLong(let n, let ctx):
            return "the input length (\(n) tokens) exceeds the context length (\(ctx) tokens)"
        }
    }
}
