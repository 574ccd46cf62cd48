import Foundation

/// The URLs of one model repository on a registry (`<scheme>://<host>/v2/<namespace>/<model>/…`).
///
/// `registry.ollama.ai/library/llama3.2:latest` → `https://registry.ollama.ai/v2/library/llama3.2/manifests/latest`.
/// Plain `http` is used only when `insecure` is set (which also forces it, as ollama does); an
/// `http://` name without `insecure` is refused with ollama's `insecure protocol http`.
public struct RegistryEndpoint: Sendable, Equatable {
    public let name: ModelName
    /// `https` or `http`.
    public let scheme: String

    /// - Throws: `RegistryClientError.insecureProtocol` for an `http://` name without `insecure`.
    public init(name: ModelName, insecure: Bool) throws {
        if name.isInsecure && !insecure { throw RegistryClientError.insecureProtocol }
        self.name = name
        scheme = insecure ? "http" : "https"
    }

    /// `<scheme>://<host>`; the host is a validated name part (letters, digits, `_.-:`).
    public var origin: String { "\(scheme)://\(name.host)" }

    /// The registry host with its port, as it appears in URLs and `Host` headers.
    public var host: String { name.host }

    /// `<namespace>/<model>`, the repository path (and the `from` of a cross-repository mount).
    public var repository: String { "\(name.namespace)/\(name.model)" }

    /// `GET /v2/` (API version check).
    public var base: URL { url("/v2/") }

    /// `…/manifests/<tag>`.
    public var manifest: URL { url("/v2/\(repository)/manifests/\(name.tag)") }

    /// `…/blobs/sha256:<hex>`.
    public func blob(_ digest: Digest) -> URL { url("/v2/\(repository)/blobs/\(digest)") }

    /// `…/blobs/uploads/`, with `?mount=<digest>&from=<repository>` for a cross-repository mount.
    public func uploads(mount: Digest? = nil, from: String? = nil) -> URL {
        var path = "/v2/\(repository)/blobs/uploads/"
        if let mount, let from, let encoded = from.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) {
            path += "?mount=\(mount)&from=\(encoded)"
        }
        return url(path)
    }

    /// Resolves an upload `Location` (absolute or relative to the registry) and checks it stays on
    /// the registry's host and scheme: a registry may not send our uploads elsewhere.
    func resolveLocation(_ location: String) throws -> URL {
        guard let resolved = URL(string: location, relativeTo: base)?.absoluteURL,
              resolved.scheme == scheme, RegistryEndpoint.hostPort(of: resolved) == host.lowercased()
        else { throw RegistryClientError.protocolViolation("upload location on another host") }
        return resolved
    }

    /// `host[:port]` of a URL, lowercased, for same-host checks.
    static func hostPort(of url: URL) -> String? {
        guard let host = url.host?.lowercased() else { return nil }
        return url.port.map { "\(host):\($0)" } ?? host
    }

    /// Builds a URL from the origin and an ASCII path made of validated parts.
    private func url(_ path: String) -> URL {
        // Every piece (host, namespace, model, tag, digest) is restricted to URL-safe ASCII by
        // the grammar of `ModelName` and `Digest`, so the text always parses.
        guard let url = URL(string: origin + path) else {
            preconditionFailure("a validated model name always makes a valid URL")
        }
        return url
    }
}

extension CharacterSet {
    /// Characters allowed unescaped in a query value (no `&`, `=`, `+`, `/`… left ambiguous).
    static let urlQueryValueAllowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~/")
        return set
    }()
}
