import Registry

/// An API failure with ollama's status code and message, answered as `{"error":"<message>"}`.
///
/// Messages are ollama's word for word (server/routes.go); a route throws one of these before it
/// starts its response, and the HTTP layer turns it into the error body.
public struct APIError: HTTPResponseError, Equatable, CustomStringConvertible {
    public let status: HTTPStatus
    public let message: String

    public init(_ status: HTTPStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }

    /// 400 with `message`.
    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
    /// 404 with `message`.
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }
    /// 500 with `message`.
    public static func internalError(_ message: String) -> APIError { APIError(.internalServerError, message) }

    /// 404 `model '<name>' not found` (the name as the client wrote it, as ollama does).
    public static func modelNotFound(_ name: String) -> APIError { notFound("model '\(name)' not found") }
    /// 400 `model is required`.
    public static let modelRequired = badRequest("model is required")
    /// 400 `missing request body` (an empty body where JSON was expected).
    public static let missingBody = badRequest("missing request body")
    /// 400 `invalid model name`.
    public static let invalidModelName = badRequest("invalid model name")

    /// Maps a store error to ollama's status: invalid names/digests and mismatches are 400,
    /// missing models/blobs 404, anything else 500.
    public static func from(_ error: RegistryError) -> APIError {
        switch error {
        case .invalidDigest, .invalidName, .digestMismatch, .pathOutsideStore, .unknownParameter,
             .invalidParameterValue, .invalidRequires:
            return badRequest(error.description)
        case .modelNotFound, .blobNotFound:
            return notFound(error.description)
        case .invalidManifest, .io, .writerClosed:
            return internalError(error.description)
        }
    }
}
