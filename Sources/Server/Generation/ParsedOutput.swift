/// The parsed output of one generate or chat request on its way to the client: each non-empty
/// delta goes out as a chunk with the log-probs of its tokens when streaming, or is collected for
/// the single final response otherwise.
struct ParsedOutput {
    let streaming: Bool
    /// Nil unless the request asked for `logprobs`.
    let logprobs: LogprobCollector?
    /// Everything delivered so far (only collected when not streaming).
    private(set) var whole = ChatOutputParser.Delta()
    private var collected: [Logprob] = []

    init(streaming: Bool, logprobs: Bool, topLogprobs: Int) {
        self.streaming = streaming
        self.logprobs = logprobs ? LogprobCollector(top: topLogprobs) : nil
    }

    /// Hands `delta` and its tokens' log-probs to `send` when streaming, or keeps both for the end.
    mutating func deliver(_ delta: ChatOutputParser.Delta,
                          send: (ChatOutputParser.Delta, [Logprob]?) throws -> Void) rethrows {
        guard !delta.isEmpty else { return }
        let entries = logprobs?.take().map(\.native)
        if streaming {
            try send(delta, entries)
        } else {
            whole.append(delta)
            collected += entries ?? []
        }
    }

    /// The final response's `logprobs`: all of them when not streaming; when streaming, those of the
    /// tokens whose text the parser kept back (dropped thinking, tool-call markup), which still count.
    mutating func finalLogprobs() -> [Logprob]? {
        let rest = logprobs?.take().map(\.native) ?? []
        if !streaming { return logprobs == nil ? nil : collected + rest }
        return rest.isEmpty ? nil : rest
    }
}
