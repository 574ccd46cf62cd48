/// `/v1/completions`' legacy `logprobs` object: parallel arrays `tokens`, `token_logprobs`,
/// `top_logprobs` (one `{token: logprob}` map per token) and `text_offset` (each token's start,
/// in characters of the completion text).
struct LegacyLogprobs {
    let entries: [LogprobEntry]
    /// Where the first token starts in the completion text.
    let offset: Int

    init(_ entries: [LogprobEntry], offset: Int) {
        self.entries = entries
        self.offset = offset
    }

    /// The offset after the last token.
    var end: Int { entries.reduce(offset) { $0 + $1.token.text.count } }

    var json: JSONValue {
        var offsets: [JSONValue] = []
        var at = offset
        for entry in entries {
            offsets.append(.int(Int64(at)))
            at += entry.token.text.count
        }
        let top: [JSONValue] = entries.map { entry in
            var map = JSONObject()
            // Two alternatives can render alike (control tokens): keep the likelier one.
            for alternative in entry.top where map[alternative.text] == nil {
                map[alternative.text] = .number(alternative.logprob)
            }
            return .object(map)
        }
        return .object(JSONObject([
            ("tokens", .array(entries.map { .string($0.token.text) })),
            ("token_logprobs", .array(entries.map { .number($0.token.logprob) })),
            ("top_logprobs", .array(top)),
            ("text_offset", .array(offsets)),
        ]))
    }
}
