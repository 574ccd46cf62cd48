/// A request's `think` (ollama's `api.ThinkValue`): a boolean or a level
/// (`"low"`, `"medium"`, `"high"`, `"max"`).
public enum ThinkValue: Codable, Sendable, Equatable {
    case enabled(Bool)
    case level(String)

    /// The levels ollama accepts.
    public static let levels: Set<String> = ["low", "medium", "high", "max"]

    /// Whether thinking is requested (`true` or any level).
    public var isEnabled: Bool {
        switch self {
        case .enabled(let on): return on
        case .level: return true
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let flag = try? c.decode(Bool.self) {
            self = .enabled(flag)
        } else if let text = try? c.decode(String.self) {
            // ollama also accepts the strings "true"/"false".
            switch text {
            case "true": self = .enabled(true)
            case "false": self = .enabled(false)
            default:
                guard ThinkValue.levels.contains(text) else { throw ThinkValueError.invalid(text) }
                self = .level(text)
            }
        } else {
            throw ThinkValueError.notBoolOrString
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .enabled(let flag): try c.encode(flag)
        case .level(let level): try c.encode(level)
        }
    }
}

/// A `think` value ollama rejects (400).
public enum ThinkValueError: Error, CustomStringConvertible, HTTPResponseError {
    case invalid(String)
    case notBoolOrString

    public var description: String {
        switch self {
        case .invalid(let value):
            return "invalid think value: \"\(value)\" (must be \"high\", \"medium\", \"low\", \"max\", true, or false)"
        case .notBoolOrString:
            return "think must be a boolean or string"
        }
    }

    public var status: HTTPStatus { .badRequest }
    public var message: String { description }
}
