import Foundation

/// Errors of talking to a registry (pull, push, auth), with ollama's messages where it has one.
///
/// Messages never contain local paths. Registry-provided text is cut to a few hundred bytes.
public enum RegistryClientError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// An `http://` name without `insecure` (ollama: `insecure protocol http`).
    case insecureProtocol
    /// The registry answered 404 to a manifest request (ollama's text, with the `pull model manifest: ` prefix
    /// added by the puller).
    case fileDoesNotExist
    /// Received bytes that do not hash to the digest the manifest promised.
    case digestMismatch(want: Digest, got: Digest)
    /// The registry's size of a blob differs from the manifest's.
    case sizeMismatch(digest: Digest, want: Int64, got: Int64)
    /// A body larger than we accept for its kind (manifest, token, error text).
    case responseTooLarge(limit: Int)
    /// The bearer realm is on another host than the registry (CVE-2025-51471).
    case realmHostMismatch(realm: String, host: String)
    /// A `WWW-Authenticate` header we cannot use.
    case invalidChallenge(String)
    /// Credentials refused or missing (ollama: `unauthorized: access denied`).
    case unauthorized
    /// A non-success status with the registry's message (`"<code>: <body>"`).
    case status(code: Int, body: String)
    /// A response that breaks the protocol (missing header, wrong range, redirect refused…).
    case protocolViolation(String)
    /// The connection failed or stalled after all retries.
    case transport(String)
    /// No byte arrived for the stall timeout (the request is restarted; not counted as a retry).
    case stalled
    /// The operation was cancelled (the last waiting client went away).
    case cancelled
    /// A prefixed error: `context: underlying` (ollama's `pull model manifest: …`).
    indirect case wrapped(context: String, underlying: RegistryClientError)

    public var description: String {
        switch self {
        case .insecureProtocol: return "insecure protocol http"
        case .fileDoesNotExist: return "file does not exist"
        case let .digestMismatch(want, got):
            return "digest mismatch, file must be downloaded again: want \(want), got \(got)"
        case let .sizeMismatch(digest, want, got):
            return "digest mismatch, file must be downloaded again: want \(digest) (\(want) bytes), got \(got) bytes"
        case let .responseTooLarge(limit): return "registry response larger than \(limit) bytes"
        case let .realmHostMismatch(realm, host):
            return "realm host \"\(realm)\" does not match original host \"\(host)\""
        case let .invalidChallenge(reason): return "invalid authentication challenge: \(reason)"
        case .unauthorized: return "unauthorized: access denied"
        case let .status(code, body): return body.isEmpty ? "\(code)" : "\(code): \(body)"
        case let .protocolViolation(reason): return "registry protocol error: \(reason)"
        case let .transport(reason): return reason
        case .stalled: return "download stalled"
        case .cancelled: return "request canceled"
        case let .wrapped(context, underlying): return "\(context): \(underlying.description)"
        }
    }

    public var errorDescription: String? { description }

    /// The innermost error of a `.wrapped` chain.
    public var root: RegistryClientError {
        if case let .wrapped(_, underlying) = self { return underlying.root }
        return self
    }

    /// True for errors that another attempt may fix (connection problems, 5xx, 429).
    var isRetryable: Bool {
        switch root {
        case .transport: return true
        case let .status(code, _): return code >= 500 || code == 429 || code == 408
        default: return false
        }
    }

    /// Shortens registry-provided text for an error message.
    static func clip(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.utf8.count <= 512 ? trimmed : String(decoding: trimmed.utf8.prefix(512), as: UTF8.self) + "…"
    }
}
