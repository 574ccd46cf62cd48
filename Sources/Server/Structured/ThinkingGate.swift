import Engine

/// A format's constraint that starts after the thinking section (`think` with `format`): the
/// model may open with the thinking tag, think freely until the closing tag, then the grammar
/// applies to the answer.
///
/// Only an opening tag spelled by one token (a special token such as `<think>`) is recognised;
/// any other first token starts the grammar at once, so the answer stays constrained.
final class ThinkingGate: TokenConstraint {
    private enum Phase {
        /// First token: the opening tag or the grammar's first token.
        case start
        /// Inside the thinking section: anything goes until the closing tag.
        case thinking
        /// The answer: the inner constraint decides.
        case constrained
    }

    let inner: any TokenConstraint
    private var phase: Phase
    private var detokenizer: StreamingDetokenizer
    private var splitter: ThinkingSplitter
    /// The token that spells the whole opening tag, if there is one.
    private let openingToken: Int32?

    /// - Parameter startsInThinking: the prompt already ends with the opening tag.
    init(inner: any TokenConstraint, tokenizer: Tokenizer, opening: String, closing: String, startsInThinking: Bool) {
        self.inner = inner
        detokenizer = tokenizer.makeStreamingDecoder()
        splitter = ThinkingSplitter(opening: opening, closing: closing, startsInThinking: startsInThinking)
        openingToken = tokenizer.token(forText: opening)
        phase = startsInThinking ? .thinking : .start
    }

    func mask(_ logits: UnsafeMutablePointer<Float>, count: Int) -> Int {
        switch phase {
        case .thinking:
            return count
        case .constrained:
            return inner.mask(logits, count: count)
        case .start:
            guard let opening = openingToken, Int(opening) < count else { return inner.mask(logits, count: count) }
            let saved = logits[Int(opening)]
            let allowed = inner.mask(logits, count: count)
            let wasMasked = logits[Int(opening)] == -.infinity
            logits[Int(opening)] = saved
            return allowed + (wasMasked ? 1 : 0)
        }
    }

    func accept(_ token: Int32) throws {
        switch phase {
        case .start:
            if token == openingToken {
                _ = splitter.add(detokenizer.append(token))
                phase = .thinking
            } else {
                phase = .constrained
                try inner.accept(token)
            }
        case .thinking:
            _ = splitter.add(detokenizer.append(token))
            if splitter.isThinkingDone { phase = .constrained }
        case .constrained:
            try inner.accept(token)
        }
    }

    var isComplete: Bool { phase == .constrained && inner.isComplete }

    func setBudget(remaining: Int) {
        inner.setBudget(remaining: remaining)
    }
}
