import Foundation

/// A parsed `WWW-Authenticate` header: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`.
package struct AuthChallenge: Equatable {
    package enum Scheme: Equatable { case bearer, basic }

    package let scheme: Scheme
    /// Lowercased parameter names → values (quotes removed, `\` escapes resolved).
    package let parameters: [String: String]

    package var realm: String? { parameters["realm"] }
    package var service: String? { parameters["service"] }
    package var scope: String? { parameters["scope"] }

    /// Parses one challenge; the header is capped at 4 KiB.
    /// - Throws: `RegistryClientError.invalidChallenge` for an unknown scheme or malformed parameters.
    package init(header: String) throws {
        guard header.utf8.count <= 4096 else { throw RegistryClientError.invalidChallenge("header too long") }
        let text = header.trimmingCharacters(in: .whitespaces)
        let schemeEnd = text.firstIndex(of: " ") ?? text.endIndex
        switch text[..<schemeEnd].lowercased() {
        case "bearer": scheme = .bearer
        case "basic": scheme = .basic
        default: throw RegistryClientError.invalidChallenge("unsupported scheme")
        }
        parameters = try Self.parseParameters(text[schemeEnd...])
        if scheme == .bearer && (realm ?? "").isEmpty {
            throw RegistryClientError.invalidChallenge("missing realm")
        }
    }

    /// `key=value` or `key="quoted, value"` pairs separated by commas.
    private static func parseParameters(_ text: Substring) throws -> [String: String] {
        var out: [String: String] = [:]
        var chars = Array(text)
        var i = 0
        func skipSpaces() { while i < chars.count, chars[i] == " " || chars[i] == "\t" || chars[i] == "," { i += 1 } }
        skipSpaces()
        while i < chars.count {
            var key = ""
            while i < chars.count, chars[i] != "=" { key.append(chars[i]); i += 1 }
            guard i < chars.count, !key.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw RegistryClientError.invalidChallenge("malformed parameter")
            }
            i += 1  // '='
            var value = ""
            if i < chars.count, chars[i] == "\"" {
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == "\\", i + 1 < chars.count { value.append(chars[i + 1]); i += 2; continue }
                    if chars[i] == "\"" { closed = true; i += 1; break }
                    value.append(chars[i]); i += 1
                }
                guard closed else { throw RegistryClientError.invalidChallenge("unterminated quote") }
            } else {
                while i < chars.count, chars[i] != "," { value.append(chars[i]); i += 1 }
                value = value.trimmingCharacters(in: .whitespaces)
            }
            out[key.trimmingCharacters(in: .whitespaces).lowercased()] = value
            skipSpaces()
        }
        chars = []
        return out
    }

    /// The token URL `realm?service=…&scope=…`, after checking the realm is on the registry's host
    /// and uses https unless the registry itself is plain http (insecure).
    /// - Throws: `RegistryClientError.realmHostMismatch` (ollama's text) or `.invalidChallenge`.
    package func tokenURL(for endpoint: RegistryEndpoint) throws -> URL {
        guard let realm, var components = URLComponents(string: realm), let realmURL = components.url,
              let realmHost = RegistryEndpoint.hostPort(of: realmURL)
        else { throw RegistryClientError.invalidChallenge("bad realm") }
        // Compare hosts without ports, as ollama does; the scheme may not drop to http on https.
        let registryHost = endpoint.host.lowercased().split(separator: ":").first.map(String.init) ?? ""
        let realmName = realmHost.split(separator: ":").first.map(String.init) ?? ""
        guard realmName == registryHost else {
            throw RegistryClientError.realmHostMismatch(realm: realmURL.host ?? realm, host: registryHost)
        }
        guard components.scheme == "https" || (components.scheme == "http" && endpoint.scheme == "http") else {
            throw RegistryClientError.invalidChallenge("realm must use https")
        }
        var items = components.queryItems ?? []
        if let service { items.append(URLQueryItem(name: "service", value: service)) }
        if let scope { items.append(URLQueryItem(name: "scope", value: scope)) }
        components.queryItems = items.isEmpty ? nil : items
        guard let url = components.url else { throw RegistryClientError.invalidChallenge("bad realm") }
        return url
    }
}
