/// Why a client request failed.
public enum HTTPClientError: Error, CustomStringConvertible, Equatable {
    /// Nothing listens at the address (`ECONNREFUSED`): the server is not running.
    case connectionRefused(host: String, port: Int)
    /// The host name could not be resolved.
    case cannotResolve(host: String)
    /// Connecting or reading took longer than the timeout.
    case timedOut
    /// The server closed the connection before a complete response.
    case connectionClosed
    /// The server's response was not valid HTTP/1.x.
    case malformedResponse(String)
    /// A file to upload could not be opened or read.
    case fileUnreadable(path: String)
    /// Another socket error.
    case io(String)

    /// Whether the failure means the server is not running (for the CLI's hint).
    public var isConnectionRefused: Bool {
        if case .connectionRefused = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .connectionRefused(let host, let port):
            return "dial tcp \(host):\(port): connect: connection refused"
        case .cannotResolve(let host):
            return "lookup \(host): no such host"
        case .timedOut:
            return "i/o timeout"
        case .connectionClosed:
            return "unexpected EOF"
        case .malformedResponse(let reason):
            return "malformed HTTP response: \(reason)"
        case .fileUnreadable(let path):
            return "open \(path): cannot read file"
        case .io(let reason):
            return reason
        }
    }
}
