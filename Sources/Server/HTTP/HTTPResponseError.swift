/// An error that chooses its own HTTP status; thrown by a handler before the response starts,
/// it becomes `{"error":"<message>"}` with that status. Any other error becomes a 500.
public protocol HTTPResponseError: Error {
    /// The status to answer with.
    var status: HTTPStatus { get }
    /// The text placed in the `error` field.
    var message: String { get }
}

/// A plain status + message error, for handlers and the HTTP layer itself.
public struct HTTPError: HTTPResponseError, CustomStringConvertible {
    public let status: HTTPStatus
    public let message: String

    public init(_ status: HTTPStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }
}
