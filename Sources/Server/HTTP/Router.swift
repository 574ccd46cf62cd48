/// A route handler: runs synchronously on the connection's thread and answers through the writer.
public typealias HTTPHandler = (HTTPRequest, HTTPResponseWriter) throws -> Void

/// How much request body a route accepts.
public enum BodySizeLimit: Sendable {
    /// The server's `ServerConfiguration.maxBodySize` (JSON routes).
    case standard
    /// At most this many bytes.
    case bytes(Int)
    /// No limit; the handler must stream the body (blob uploads).
    case unlimited
}

/// One registered route.
public struct Route {
    public let method: HTTPMethod
    public let pattern: String
    public let bodyLimit: BodySizeLimit
    public let handler: HTTPHandler
}

/// Maps method + path to handlers; patterns use `:name` segments (`/api/blobs/:digest`).
///
/// Resolution walks a trie of path segments, literal segments before parameters.
/// An unknown path is `.notFound`; a known path without the method is `.methodNotAllowed`.
public final class Router {
    /// The outcome of resolving a request.
    public enum Match {
        case found(Route, parameters: [String: String])
        case methodNotAllowed
        case notFound
    }

    private final class Node {
        var literals: [String: Node] = [:]
        var parameter: (name: String, node: Node)?
        var routes: [HTTPMethod: Route] = [:]
    }

    private let root = Node()

    public init() {}

    /// Registers `handler` for `method` on `pattern`.
    ///
    /// - Precondition: the pattern starts with `/` and does not conflict with an existing parameter name.
    public func add(_ method: HTTPMethod, _ pattern: String, bodyLimit: BodySizeLimit = .standard,
                    _ handler: @escaping HTTPHandler) {
        precondition(pattern.hasPrefix("/"), "route pattern must start with /: \(pattern)")
        var node = root
        for segment in Router.segments(of: pattern) {
            if segment.hasPrefix(":") {
                let name = String(segment.dropFirst())
                if let existing = node.parameter {
                    precondition(existing.name == name, "conflicting parameter names in \(pattern)")
                    node = existing.node
                } else {
                    let child = Node()
                    node.parameter = (name, child)
                    node = child
                }
            } else {
                let key = String(segment)
                let child = node.literals[key] ?? Node()
                node.literals[key] = child
                node = child
            }
        }
        node.routes[method] = Route(method: method, pattern: pattern, bodyLimit: bodyLimit, handler: handler)
    }

    /// Registers `GET` (and `HEAD`, answered by the same handler without a body).
    public func get(_ pattern: String, head: Bool = false, _ handler: @escaping HTTPHandler) {
        add(.get, pattern, handler)
        if head { add(.head, pattern, handler) }
    }

    /// Registers `POST`.
    public func post(_ pattern: String, bodyLimit: BodySizeLimit = .standard, _ handler: @escaping HTTPHandler) {
        add(.post, pattern, bodyLimit: bodyLimit, handler)
    }

    /// Registers `DELETE`.
    public func delete(_ pattern: String, _ handler: @escaping HTTPHandler) {
        add(.delete, pattern, handler)
    }

    /// Registers `HEAD`.
    public func head(_ pattern: String, _ handler: @escaping HTTPHandler) {
        add(.head, pattern, handler)
    }

    /// Finds the route for `method` and `path` (percent-encoded, no query).
    public func resolve(_ method: HTTPMethod, path: String) -> Match {
        guard path.hasPrefix("/") else { return .notFound }
        var parameters: [String: String] = [:]
        guard let node = find(root, Router.segments(of: path)[...], &parameters) else { return .notFound }
        if let route = node.routes[method] { return .found(route, parameters: parameters) }
        return node.routes.isEmpty ? .notFound : .methodNotAllowed
    }

    private func find(_ node: Node, _ segments: ArraySlice<Substring>, _ parameters: inout [String: String]) -> Node? {
        guard let segment = segments.first else { return node.routes.isEmpty ? nil : node }
        let rest = segments.dropFirst()
        if let child = node.literals[String(segment)], let found = find(child, rest, &parameters) {
            return found
        }
        if let (name, child) = node.parameter, !segment.isEmpty, let value = percentDecode(segment, plusAsSpace: false),
           let found = find(child, rest, &parameters) {
            parameters[name] = value
            return found
        }
        return nil
    }

    /// `/` → `[]`, `/api/tags` → `["api", "tags"]`, `/api/` → `["api", ""]`.
    private static func segments(of path: String) -> [Substring] {
        let trimmed = path.dropFirst()
        if trimmed.isEmpty { return [] }
        return trimmed.split(separator: "/", omittingEmptySubsequences: false)
    }
}
