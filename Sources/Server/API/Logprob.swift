/// A token's log-probability in ollama's native API (`api.TokenLogprob`).
public struct TokenLogprobValue: Codable, Sendable, Equatable {
    public var token: String
    public var logprob: Double
    /// The token's UTF-8 bytes (omitted when empty).
    public var bytes: [Int]?

    public init(token: String, logprob: Double, bytes: [Int]? = nil) {
        self.token = token
        self.logprob = logprob
        self.bytes = bytes
    }
}

/// One generated token's log-probability with its most likely alternatives (ollama's
/// `api.Logprob`): `{"token","logprob","bytes","top_logprobs":[…]}`.
public struct Logprob: Codable, Sendable, Equatable {
    public var token: String
    public var logprob: Double
    public var bytes: [Int]?
    public var topLogprobs: [TokenLogprobValue]?

    enum CodingKeys: String, CodingKey {
        case token, logprob, bytes
        case topLogprobs = "top_logprobs"
    }

    public init(token: String, logprob: Double, bytes: [Int]? = nil, topLogprobs: [TokenLogprobValue]? = nil) {
        self.token = token
        self.logprob = logprob
        self.bytes = bytes
        self.topLogprobs = topLogprobs
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(token, forKey: .token)
        try c.encode(logprob, forKey: .logprob)
        if let bytes, !bytes.isEmpty { try c.encode(bytes, forKey: .bytes) }
        if let topLogprobs, !topLogprobs.isEmpty { try c.encode(topLogprobs, forKey: .topLogprobs) }
    }
}

extension LogprobEntry {
    /// The native API's form.
    package var native: Logprob {
        func value(_ t: Token) -> TokenLogprobValue {
            TokenLogprobValue(token: t.text, logprob: t.logprob, bytes: t.bytes.map { Int($0) })
        }
        return Logprob(token: token.text, logprob: token.logprob, bytes: token.bytes.map { Int($0) },
                       topLogprobs: top.map(value))
    }
}
