/// A request's `keep_alive` (ollama's `api.Duration`): a JSON number of seconds or a Go duration
/// string; a negative value means forever.
public struct KeepAlive: Codable, Sendable, Equatable {
    /// How long the model stays loaded after the request; `.forever` for a negative value.
    public var duration: Duration

    public init(_ duration: Duration) {
        self.duration = duration < .zero ? .forever : duration
    }

    /// Whether the model stays loaded without limit.
    public var isForever: Bool { duration == .forever }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let seconds = try? c.decode(Double.self) {
            guard seconds.isFinite else { throw KeepAliveError.unsupported("number") }
            if seconds < 0 {
                duration = .forever
            } else {
                let nanos = seconds * 1e9
                duration = nanos >= 9.2e18 ? .forever : .nanoseconds(Int64(nanos))
            }
            return
        }
        if let text = try? c.decode(String.self) {
            do {
                let parsed = try Duration.parse(text)
                duration = parsed < .zero ? .forever : parsed
            } catch let error as DurationParseError {
                throw KeepAliveError.invalid(error.description)
            }
            return
        }
        throw KeepAliveError.unsupported(c.decodeNil() ? "nil" : "value")
    }

    /// `-1` for forever, else Go's duration string (`"5m0s"`), as ollama's client sends it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if isForever {
            try c.encode(-1)
        } else {
            try c.encode(GoDurationFormat.string(nanoseconds: duration.totalNanoseconds))
        }
    }
}

/// A `keep_alive` that is neither a number nor a duration string.
public enum KeepAliveError: Error, CustomStringConvertible, HTTPResponseError {
    case invalid(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .invalid(let message): return message
        case .unsupported(let type): return "Unsupported type: '\(type)'"
        }
    }

    public var status: HTTPStatus { .badRequest }
    public var message: String { description }
}
