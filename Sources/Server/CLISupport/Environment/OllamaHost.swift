#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The server address from `OLLAMA_HOST`: `[scheme://]host[:port][/path]`.
///
/// Rules (ollama's `envconfig.Host`):
/// - empty → `http://127.0.0.1:11434`;
/// - no scheme → `http` with port 11434; `http://` without a port → 80, `https://` → 443
///   (any other scheme keeps 11434); bare `ollama.com` → `https://ollama.com:443`;
/// - a host without a port keeps the default port; an IP is normalised (`::1` → `[::1]`);
/// - an empty host with a port (`:1234`) stays empty (listen on all interfaces);
/// - a port that is not an integer in 0...65535 falls back to the default;
/// - text after the first `/` is the path prefix.
package struct OllamaHost: Sendable, Equatable, CustomStringConvertible {
    package var scheme: String
    /// Host name or IP without brackets; empty means "all interfaces".
    package var host: String
    package var port: Int
    /// Path prefix without its leading slash (`ollama` for `https://example.com/ollama`).
    package var path: String

    package init(scheme: String, host: String, port: Int, path: String = "") {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
    }

    /// The default, `http://127.0.0.1:11434`.
    package static let `default` = OllamaHost(scheme: "http", host: "127.0.0.1", port: 11434)

    /// `host:port`, bracketing IPv6 addresses (Go's `net.JoinHostPort`).
    package var hostPort: String {
        (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
    }

    /// The base URL, e.g. `http://127.0.0.1:11434` or `https://example.com:443/ollama`.
    package var description: String {
        "\(scheme)://\(hostPort)" + (path.isEmpty ? "" : "/\(path)")
    }

    /// Parses an `OLLAMA_HOST` value (already stripped of spaces and quotes by the caller, but
    /// stripped again here); never fails: bad parts fall back to defaults as ollama does.
    package static func parse(_ raw: String) -> OllamaHost {
        let text = raw.trimmingSpaces()
        var scheme = "http"
        var defaultPort = 11434
        var rest = Substring(text)
        if let (before, after) = text.splitOnce("://") {
            scheme = before
            rest = Substring(after)
            if scheme == "http" { defaultPort = 80 }
            if scheme == "https" { defaultPort = 443 }
        } else if text == "ollama.com" {
            return OllamaHost(scheme: "https", host: "ollama.com", port: 443)
        }
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[rest.index(after: slash)...])
            rest = rest[..<slash]
        }
        let hostPort = String(rest)
        var host: String
        var portText: String
        if let split = splitHostPort(hostPort) {
            (host, portText) = split
        } else {
            host = "127.0.0.1"
            portText = String(defaultPort)
            let unbracketed = hostPort.trimmingAll(of: "[]")
            if let ip = normalizedIP(unbracketed) {
                host = ip
            } else if !hostPort.isEmpty {
                host = hostPort
            }
        }
        if let ip = normalizedIP(host) { host = ip }
        var port = defaultPort
        if let value = Int32(portText), (0...65535).contains(value) {
            port = Int(value)
        }
        return OllamaHost(scheme: scheme, host: host, port: port, path: path)
    }

    /// Go's `net.SplitHostPort`: `host:port` or `[v6]:port`; nil when there is no port
    /// or too many colons.
    private static func splitHostPort(_ text: String) -> (String, String)? {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let after = text[text.index(after: close)...]
            guard after.hasPrefix(":") else { return nil }
            let host = String(text[text.index(after: text.startIndex)..<close])
            return (host, String(after.dropFirst()))
        }
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let host = text[..<colon]
        if host.contains(":") || host.contains("[") || host.contains("]") { return nil }
        return (String(host), String(text[text.index(after: colon)...]))
    }

    /// The canonical text of an IPv4 or IPv6 address, or nil when `text` is not one.
    private static func normalizedIP(_ text: String) -> String? {
        if text.isEmpty { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return text }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil else { return text }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension String {
    /// Removes leading and trailing spaces, tabs and newlines (Go's `strings.TrimSpace`).
    package func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }

    /// Splits around the first occurrence of `separator` (Go's `strings.Cut`); nil if absent.
    package func splitOnce(_ separator: String) -> (String, String)? {
        let me = Array(utf8)
        let sep = Array(separator.utf8)
        guard !sep.isEmpty, me.count >= sep.count else { return nil }
        for start in 0...(me.count - sep.count) where Array(me[start..<(start + sep.count)]) == sep {
            return (String(decoding: me[..<start], as: UTF8.self), String(decoding: me[(start + sep.count)...], as: UTF8.self))
        }
        return nil
    }

    /// Removes leading and trailing characters that are in `set` (Go's `strings.Trim`).
    package func trimmingAll(of set: String) -> String {
        guard let first = firstIndex(where: { !set.contains($0) }), let last = lastIndex(where: { !set.contains($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
