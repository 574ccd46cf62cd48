import Foundation

/// Basic credentials for registries: one `user:password` for every host (ollama-swift's
/// `OLLAMA_REGISTRY_AUTH`, passed in by the CLI or server), and per-host entries from a Docker
/// `config.json` (`{"auths":{"host:port":{"auth":"<base64 user:password>"}}}`).
///
/// The Registry module reads no environment: callers build this value from theirs.
public struct RegistryCredentials: Sendable, Equatable {
    /// `user:password` used for any host without its own entry.
    public var fallback: String?
    /// `host[:port]` (lowercased) → `user:password`.
    public var perHost: [String: String]

    public init(fallback: String? = nil, perHost: [String: String] = [:]) {
        self.fallback = fallback.flatMap { $0.contains(":") ? $0 : nil }
        self.perHost = perHost
    }

    /// Credentials from `OLLAMA_REGISTRY_AUTH` (`user:pass`, else ignored) and the Docker config
    /// file at `dockerConfig` (missing or unreadable files are ignored; it is capped at 1 MiB).
    public static func load(registryAuth: String?, dockerConfig: URL?) -> RegistryCredentials {
        var perHost: [String: String] = [:]
        if let dockerConfig, let data = try? Data(contentsOf: dockerConfig), data.count <= 1 << 20 {
            perHost = parseDockerConfig(data)
        }
        let trimmed = registryAuth?.trimmingCharacters(in: .whitespaces)
        return RegistryCredentials(fallback: trimmed?.isEmpty == false ? trimmed : nil, perHost: perHost)
    }

    /// The `user:password` to use for `host` (exact entry first, then the fallback).
    public func basic(for host: String) -> String? {
        perHost[host.lowercased()] ?? fallback
    }

    /// The `Authorization: Basic …` value for `host`, if any credentials apply.
    func basicHeader(for host: String) -> String? {
        basic(for: host).map { "Basic " + Data($0.utf8).base64EncodedString() }
    }

    /// `auths` of a Docker config: keys may be `host`, `https://host`, `http://host/v1/`…;
    /// values need an `auth` field (base64 of `user:password`) or `username` + `password`.
    package static func parseDockerConfig(_ data: Data) -> [String: String] {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let auths = root["auths"] as? [String: Any] else { return [:] }
        var out: [String: String] = [:]
        for (key, value) in auths {
            guard let entry = value as? [String: Any] else { continue }
            var pair: String?
            if let auth = entry["auth"] as? String, let decoded = Data(base64Encoded: auth),
               let text = String(data: decoded, encoding: .utf8), text.contains(":") {
                pair = text
            } else if let user = entry["username"] as? String, let password = entry["password"] as? String {
                pair = user + ":" + password
            }
            guard let pair, let host = hostKey(key) else { continue }
            out[host] = pair
        }
        return out
    }

    /// `https://Host:5000/v1/` → `host:5000`.
    static func hostKey(_ key: String) -> String? {
        var text = Substring(key)
        if let range = text.range(of: "://") { text = text[range.upperBound...] }
        if let slash = text.firstIndex(of: "/") { text = text[..<slash] }
        return text.isEmpty ? nil : text.lowercased()
    }
}
