import Engine

/// A generated token's log-probability as the APIs show it: its text, UTF-8 bytes and the most
/// likely alternatives (ollama's `Logprob`, OpenAI's `ChatCompletionTokenLogprob`).
package struct LogprobEntry: Sendable, Equatable {
    /// One token: its text, bytes and log-probability.
    package struct Token: Sendable, Equatable {
        package var text: String
        package var bytes: [UInt8]
        package var logprob: Double
    }

    package var token: Token
    /// The most likely tokens, most likely first.
    package var top: [Token]

    /// Renders `logprob`'s tokens with `tokenizer` (control tokens have empty text).
    package init(_ logprob: TokenLogprob, tokenizer: Tokenizer) {
        func render(_ id: Int32, _ value: Float) -> Token {
            let bytes = tokenizer.pieceBytes(id)
            // -inf (a token the model gave no mass) is not valid JSON: clamp to the lowest float.
            let finite = value.isFinite ? Double(value) : -Double(Float.greatestFiniteMagnitude)
            return Token(text: String(decoding: bytes, as: UTF8.self), bytes: bytes, logprob: finite)
        }
        token = render(logprob.token, logprob.logprob)
        top = logprob.top.map { render($0.token, $0.logprob) }
    }

    /// `{"token","logprob","bytes"}`.
    static func json(_ token: Token) -> JSONValue {
        .object(JSONObject([("token", .string(token.text)), ("logprob", .number(token.logprob)),
                            ("bytes", .array(token.bytes.map { .int(Int64($0)) }))]))
    }

    /// OpenAI chat's `{"token","logprob","bytes","top_logprobs":[…]}`.
    package var openAIChat: JSONValue {
        guard case .object(var object) = Self.json(token) else { return .null }
        object["top_logprobs"] = .array(top.map(Self.json))
        return .object(object)
    }
}

/// Collects the log-probabilities of a generation between two emitted pieces of text.
package final class LogprobCollector {
    /// Alternatives per token (0...20).
    package let top: Int
    private var pending: [LogprobEntry] = []

    package init(top: Int) {
        self.top = top
    }

    /// Adds one token's entry.
    package func add(_ entry: LogprobEntry) { pending.append(entry) }

    /// The entries since the last call (the tokens of the piece just emitted).
    package func take() -> [LogprobEntry] {
        defer { pending.removeAll(keepingCapacity: true) }
        return pending
    }
}
