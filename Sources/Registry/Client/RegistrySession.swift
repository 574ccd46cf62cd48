import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Requests to one repository of a registry, answering `401` challenges.
///
/// On a 401 the `WWW-Authenticate` header is parsed: for `Bearer`, a token is fetched from the
/// realm (which must be on the registry's host, ollama's CVE-2025-51471 fix) with our Basic
/// credentials if we have any; for `Basic`, the credentials are sent directly. The request is
/// retried once; a second 401 is `unauthorized: access denied`. The resulting `Authorization` is
/// reused for later requests to the same repository.
final class RegistrySession: @unchecked Sendable {
    let transport: RegistryTransport
    let endpoint: RegistryEndpoint
    let credentials: RegistryCredentials

    /// Caps on bodies read whole.
    static let errorBodyLimit = 64 << 10
    static let tokenBodyLimit = 1 << 20

    private let lock = NSLock()
    private var authorization: String?

    init(transport: RegistryTransport, endpoint: RegistryEndpoint, credentials: RegistryCredentials) {
        self.transport = transport
        self.endpoint = endpoint
        self.credentials = credentials
    }

    /// The current `Authorization` value, if any.
    var currentAuthorization: String? { lock.withLock { authorization } }

    /// A request with our headers and the current authorization.
    func request(_ method: String, _ url: URL, headers: [String: String] = [:]) -> URLRequest {
        var request = transport.request(method, url, headers: headers)
        if let authorization = currentAuthorization { request.setValue(authorization, forHTTPHeaderField: "Authorization") }
        return request
    }

    /// Sends a request and reads the body whole (at most `limit` bytes), authorizing once on 401.
    /// Non-2xx answers other than 401 are returned, not thrown; use `check` to turn them into errors.
    func send(_ method: String, _ url: URL, headers: [String: String] = [:], body: Data? = nil, limit: Int,
              onSent: (@Sendable (Int64) -> Void)? = nil) async throws -> (HTTPURLResponse, Data) {
        var (response, data) = try await transport.send(request(method, url, headers: headers), body: body,
                                                        limit: max(limit, Self.errorBodyLimit), onSent: onSent)
        if response.statusCode == 401 {
            try await authorize(challenge: response.value(forHTTPHeaderField: "WWW-Authenticate"))
            (response, data) = try await transport.send(request(method, url, headers: headers), body: body,
                                                        limit: max(limit, Self.errorBodyLimit), onSent: onSent)
            if response.statusCode == 401 { throw RegistryClientError.unauthorized }
        }
        if (200..<300).contains(response.statusCode), data.count > limit {
            throw RegistryClientError.responseTooLarge(limit: limit)
        }
        return (response, data)
    }

    /// Throws for a non-2xx response: 404 → `file does not exist`, else `"<code>: <body>"`.
    static func check(_ response: HTTPURLResponse, _ body: Data) throws {
        let code = response.statusCode
        guard !(200..<300).contains(code) else { return }
        if code == 404 { throw RegistryClientError.fileDoesNotExist }
        if code == 401 || code == 403 && body.isEmpty { throw RegistryClientError.unauthorized }
        throw RegistryClientError.status(code: code, body: RegistryClientError.clip(String(decoding: body, as: UTF8.self)))
    }

    /// Answers a challenge and stores the resulting `Authorization` value.
    func authorize(challenge header: String?) async throws {
        guard let header else { throw RegistryClientError.unauthorized }
        let challenge = try AuthChallenge(header: header)
        switch challenge.scheme {
        case .basic:
            guard let basic = credentials.basicHeader(for: endpoint.host) else { throw RegistryClientError.unauthorized }
            lock.withLock { authorization = basic }
        case .bearer:
            let token = try await fetchToken(challenge)
            lock.withLock { authorization = "Bearer " + token }
        }
    }

    /// `GET realm?service&scope` (with Basic credentials if any) → `{"token":…}` or `{"access_token":…}`.
    private func fetchToken(_ challenge: AuthChallenge) async throws -> String {
        let url = try challenge.tokenURL(for: endpoint)
        var headers: [String: String] = ["Accept": "application/json"]
        if let basic = credentials.basicHeader(for: endpoint.host) { headers["Authorization"] = basic }
        let (response, data) = try await transport.send(transport.request("GET", url, headers: headers),
                                                        limit: Self.tokenBodyLimit)
        guard response.statusCode == 200 else {
            if response.statusCode == 401 || response.statusCode == 403 { throw RegistryClientError.unauthorized }
            try Self.check(response, data)
            throw RegistryClientError.unauthorized
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let token = (object["token"] as? String) ?? (object["access_token"] as? String), !token.isEmpty,
              token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f })
        else { throw RegistryClientError.protocolViolation("token response without a token") }
        return token
    }
}
