import Foundation

/// An error answered in OpenAI's shape: `{"error":{"message","type","param":null,"code":null}}`
/// (ollama-api.md §1.8). `type` follows the status: 400 `invalid_request_error`, 404
/// `not_found_error`, anything else `api_error`.
struct OpenAIError: Error {
    let status: HTTPStatus
    let message: String

    init(_ status: HTTPStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    /// 400 `invalid_request_error`.
    static func invalidRequest(_ message: String) -> OpenAIError { OpenAIError(.badRequest, message) }

    /// Any error a route or the pipeline throws, with its own status when it has one.
    init(_ error: any Error) {
        if let own = error as? OpenAIError {
            self = own
        } else if let http = error as? any HTTPResponseError {
            self.init(http.status, http.message)
        } else {
            self.init(.internalServerError, "\(error)")
        }
    }

    /// OpenAI's error `type` for the status.
    var type: String {
        switch status.code {
        case 400: return "invalid_request_error"
        case 404: return "not_found_error"
        default: return "api_error"
        }
    }

    /// The response body.
    var body: JSONValue {
        ["error": ["message": .string(message), "type": .string(type), "param": nil, "code": nil]]
    }
}

/// Runs OpenAI-route handlers so that every failure before the first byte is answered in
/// OpenAI's error shape, and a failure after it ends the stream with an error event.
enum OpenAIHandler {
    static func run(_ response: HTTPResponseWriter, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            if case GenerationError.cancelled? = error as? GenerationError, response.isCancelled { return }
            let failure = OpenAIError(error)
            if response.hasStarted {
                // Mid-stream: one SSE error event, then the stream ends.
                try? response.write("data: " + failure.body.serialized(escapeHTML: false) + "\n\n")
                try? response.finish()
            } else {
                try response.sendAPI(failure.body, status: failure.status)
            }
        }
    }
}
