/// Failures of a generate/chat request, with ollama's status and words.
package enum GenerationError: Error, Equatable, CustomStringConvertible, HTTPResponseError {
    /// 400 with a message.
    case badRequest(String)
    /// 404 with a message.
    case notFound(String)
    /// 500 with a message.
    case internalError(String)
    /// 499: the client went away.
    case cancelled
    /// The prompt does not fit in the context (400, with the counts).
    case promptTooLong(tokens: Int, context: Int)

    package var description: String {
        switch self {
        case .badRequest(let m), .notFound(let m), .internalError(let m): return m
        case .cancelled: return "request canceled"
        case .promptTooLong(let tokens, let context):
            return "the input length (\(tokens) tokens) exceeds the context length (\(context) tokens)"
        }
    }

    package var status: HTTPStatus {
        switch self {
        case .badRequest, .promptTooLong: return .badRequest
        case .notFound: return .notFound
        case .internalError: return .internalServerError
        case .cancelled: return .clientClosedRequest
        }
    }

    package var message: String { description }
}
