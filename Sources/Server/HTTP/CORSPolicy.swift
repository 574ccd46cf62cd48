/// Cross-origin rules (ollama's gin-contrib/cors setup): which `Origin`s may call the API,
/// and the headers of preflight and normal responses.
///
/// Allowed origins are the configured list (`*` matches any run of characters) plus
/// `http(s)://{localhost,127.0.0.1,0.0.0.0}[:*]`, `app://*`, `file://*`, `tauri://*`,
/// `vscode-webview://*`, `vscode-file://*` and browser-extension schemes.
package struct CORSPolicy {
    /// What to do with a request.
    package enum Decision {
        /// No CORS involvement, or an allowed origin: continue, adding these headers.
        case proceed(HTTPHeaders)
        /// An allowed preflight: answer 204 with these headers.
        case preflight(HTTPHeaders)
        /// A disallowed origin: 403.
        case forbidden
    }

    /// The origin patterns in force.
    package let patterns: [String]

    package static let allowedHeaders = [
        "Authorization", "Content-Type", "User-Agent", "Accept", "X-Requested-With", "OpenAI-Beta", "x-stainless-*",
    ]
    private static let allowedMethods = "GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS"

    package init(configuredOrigins: [String]) {
        var list = configuredOrigins.map { $0.trimmingOptionalWhitespace() }.filter { !$0.isEmpty }.map(String.init)
        for host in ["localhost", "127.0.0.1", "0.0.0.0"] {
            list += ["http://\(host)", "https://\(host)", "http://\(host):*", "https://\(host):*"]
        }
        list += ["app://*", "file://*", "tauri://*", "vscode-webview://*", "vscode-file://*"]
        list += ["chrome-extension://*", "safari-extension://*", "moz-extension://*", "ms-browser-extension://*"]
        patterns = list
    }

    /// Whether `origin` matches an allowed pattern.
    package func allows(origin: String) -> Bool {
        patterns.contains { CORSPolicy.matches(origin, pattern: $0) }
    }

    /// Decides how to treat a request.
    package func evaluate(method: HTTPMethod, headers: HTTPHeaders) -> Decision {
        guard let origin = headers["Origin"], !origin.isEmpty else { return .proceed(HTTPHeaders()) }
        if let host = headers["Host"], origin == "http://\(host)" || origin == "https://\(host)" {
            return .proceed(HTTPHeaders())
        }
        guard allows(origin: origin) else { return .forbidden }
        var out = HTTPHeaders()
        if method == .options {
            out.add("Access-Control-Allow-Methods", CORSPolicy.allowedMethods)
            out.add("Access-Control-Allow-Headers", CORSPolicy.allowedHeaders.joined(separator: ","))
            out.add("Access-Control-Max-Age", "43200")
            out.add("Vary", "Origin")
            out.add("Vary", "Access-Control-Request-Method")
            out.add("Vary", "Access-Control-Request-Headers")
            out.add("Access-Control-Allow-Origin", origin)
            return .preflight(out)
        }
        out.add("Vary", "Origin")
        out.add("Access-Control-Allow-Origin", origin)
        return .proceed(out)
    }

    /// Glob match where `*` matches any (possibly empty) run of characters; case-insensitive.
    package static func matches(_ text: String, pattern: String) -> Bool {
        let t = Array(text.lowercased().utf8)
        let p = Array(pattern.lowercased().utf8)
        var ti = 0, pi = 0
        var star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] != 0x2A, p[pi] == t[ti] {
                ti += 1
                pi += 1
            } else if pi < p.count, p[pi] == 0x2A {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == 0x2A { pi += 1 }
        return pi == p.count
    }
}
