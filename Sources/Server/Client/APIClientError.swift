/// Why an API call failed, worded for the CLI (`Error: <description>`).
public enum APIClientError: Error, CustomStringConvertible, Equatable {
    /// The server answered with an error: `message` is its `{"error": …}` text (or the body).
    case server(status: Int, message: String)
    /// Nothing listens at the address.
    case notRunning
    /// The connection failed otherwise (timeout, reset, unresolvable host…).
    case transport(HTTPClientError)
    /// The response could not be understood.
    case invalidResponse(String)

    public var description: String {
        switch self {
        case .server(_, let message): return message
        case .notRunning: return "could not connect to ollama server, run 'ollama serve' to start it"
        case .transport(let error): return error.description
        case .invalidResponse(let reason): return "invalid response from server: \(reason)"
        }
    }

    /// The HTTP status of a server error, else nil.
    public var status: Int? {
        if case .server(let status, _) = self { return status }
        return nil
    }

    /// Maps a transport failure: connection refused becomes `.notRunning`.
    static func wrap(_ error: any Error) -> APIClientError {
        if let error = error as? APIClientError { return error }
        if let error = error as? HTTPClientError {
            return error.isConnectionRefused ? .notRunning : .transport(error)
        }
        return .invalidResponse("\(error)")
    }
}
