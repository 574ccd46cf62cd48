/// A model's name: which registry it lives on, under which namespace, with which tag.
///
/// Grammar (ollama `types/model/name.go`):
///
/// ```
/// name      = [ scheme "://" ] [ [ host "/" ] namespace "/" ] model [ ":" tag ]
/// scheme    = "https" | "http"                       default "https"
/// host      = part, 1…350 chars, may contain ":"     default "registry.ollama.ai"
/// namespace = part, 1…80 chars, no "."               default "library"
/// model     = part, 1…80 chars                       (required)
/// tag       = part, 1…80 chars                       default "latest"
/// part      = [A-Za-z0-9_] { [A-Za-z0-9_.-] }
/// ```
///
/// Parsing follows ollama exactly: the tag is the text after the last `:` only if that `:`
/// comes after the last `/` (so `host:5000/ns/m` has no tag), then the model and namespace are
/// cut at the last `/` each, and what remains is the host. A separator that is present but has
/// nothing on one side (`ns/`, `/m`, `m:`) makes that part missing and the name invalid; an
/// absent part takes its default. No `@digest` suffix is accepted.
///
/// Names compare case-sensitively with `==` (they are stored with their on-disk casing); use
/// `matches(_:)` or `foldedKey` for ollama's case-insensitive matching. The only way to a file is
/// `manifestPathComponents`, which encodes each part; `ManifestStore` then checks the joined
/// path is still inside the store.
public struct ModelName: Hashable, Sendable, CustomStringConvertible {
    public static let defaultHost = "registry.ollama.ai"
    public static let defaultNamespace = "library"
    public static let defaultTag = "latest"
    public static let defaultScheme = "https"

    /// `https` or `http` (an `http://` prefix is remembered for pull/push).
    public let scheme: String
    public let host: String
    public let namespace: String
    public let model: String
    public let tag: String

    /// Builds a name from parts, filling empty ones with defaults, and validates it.
    /// - Throws: `RegistryError.invalidName` if any part breaks the grammar.
    public init(host: String = "", namespace: String = "", model: String, tag: String = "",
                scheme: String = "") throws {
        self.scheme = scheme.isEmpty ? Self.defaultScheme : scheme
        self.host = host.isEmpty ? Self.defaultHost : host
        self.namespace = namespace.isEmpty ? Self.defaultNamespace : namespace
        self.model = model
        self.tag = tag.isEmpty ? Self.defaultTag : tag
        let text = "\(self.host)/\(self.namespace)/\(model):\(self.tag)"
        guard self.scheme == "https" || self.scheme == "http",
              Self.isValidPart(self.host, kind: .host), Self.isValidPart(self.namespace, kind: .namespace),
              Self.isValidPart(model, kind: .model), Self.isValidPart(self.tag, kind: .tag)
        else { throw RegistryError.invalidName(text) }
    }

    /// Parses `[scheme://][host/][namespace/]model[:tag]` and applies the defaults.
    /// - Throws: `RegistryError.invalidName` when the text breaks the grammar.
    public init(parsing text: String) throws {
        guard let bare = Self.parseBare(text) else { throw RegistryError.invalidName(text) }
        do {
            try self.init(host: bare.host, namespace: bare.namespace, model: bare.model, tag: bare.tag,
                          scheme: bare.scheme)
        } catch {
            throw RegistryError.invalidName(text)
        }
    }

    /// Parses a name, returning nil instead of throwing.
    public static func parse(_ text: String) -> ModelName? { try? ModelName(parsing: text) }

    /// `host/namespace/model:tag`, ollama's `Name.String()` (scheme not included).
    public var description: String { "\(host)/\(namespace)/\(model):\(tag)" }

    /// The full form, same as `description`.
    public var displayFull: String { description }

    /// ollama's `DisplayShortest`: drops the default host, and the default namespace when the
    /// host is default; always keeps the tag (`smol:latest`, `user/m:t`, `host/ns/m:t`).
    public var displayShortest: String {
        if !Self.equalFold(host, Self.defaultHost) { return "\(host)/\(namespace)/\(model):\(tag)" }
        if !Self.equalFold(namespace, Self.defaultNamespace) { return "\(namespace)/\(model):\(tag)" }
        return "\(model):\(tag)"
    }

    /// The name with ASCII letters lowercased, for case-insensitive lookups.
    public var foldedKey: String { Self.fold(description) }

    /// Case-insensitive equality of host, namespace, model and tag (ollama `EqualFold`).
    public func matches(_ other: ModelName) -> Bool { foldedKey == other.foldedKey }

    /// True when the name uses plain `http://` (pull/push then require `insecure`).
    public var isInsecure: Bool { scheme == "http" }

    /// The four directory levels under `manifests/`, each encoded as one safe path component.
    public var manifestPathComponents: [String] {
        [host, namespace, model, tag].map(PathComponent.encode)
    }
}

extension ModelName {
    enum PartKind { case host, namespace, model, tag }

    /// The pieces of a name before defaults, or nil for a promised-but-empty part.
    struct Bare { var scheme = "", host = "", namespace = "", model = "", tag = "" }

    /// ollama `ParseNameBare`: cut tag, model and namespace from the right; the rest is the host.
    static func parseBare(_ input: String) -> Bare? {
        var s = Substring(input)
        var bare = Bare()
        let lastColon = s.lastIndex(of: ":")
        let lastSlash = s.lastIndex(of: "/")
        if let colon = lastColon, lastSlash.map({ colon > $0 }) ?? true {
            bare.tag = String(s[s.index(after: colon)...])
            s = s[..<colon]
            guard !bare.tag.isEmpty, !s.isEmpty else { return nil }
        }
        guard let modelSlash = s.lastIndex(of: "/") else {
            bare.model = String(s)
            return bare
        }
        bare.model = String(s[s.index(after: modelSlash)...])
        s = s[..<modelSlash]
        guard !bare.model.isEmpty, !s.isEmpty else { return nil }
        guard let namespaceSlash = s.lastIndex(of: "/") else {
            bare.namespace = String(s)
            return bare
        }
        bare.namespace = String(s[s.index(after: namespaceSlash)...])
        s = s[..<namespaceSlash]
        guard !bare.namespace.isEmpty, !s.isEmpty else { return nil }
        if let range = s.range(of: "://") {
            bare.scheme = String(s[..<range.lowerBound])
            bare.host = String(s[range.upperBound...])
            guard !bare.scheme.isEmpty, !bare.host.isEmpty else { return nil }
        } else {
            bare.host = String(s)
        }
        return bare
    }

    /// ollama `isValidPart`: length bound, first byte `[A-Za-z0-9_]`, then `[A-Za-z0-9_-]`,
    /// `.` except in the namespace, `:` only in the host. Non-ASCII bytes are invalid.
    static func isValidPart(_ part: String, kind: PartKind) -> Bool {
        let bytes = Array(part.utf8)
        let maxLength = kind == .host ? 350 : 80
        guard (1...maxLength).contains(bytes.count) else { return false }
        for (i, b) in bytes.enumerated() {
            let isWord = (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b == 0x5f
            if i == 0 {
                guard isWord else { return false }
                continue
            }
            switch b {
            case UInt8(ascii: "-"): continue
            case UInt8(ascii: "."): guard kind != .namespace else { return false }
            case UInt8(ascii: ":"): guard kind == .host else { return false }
            default: guard isWord else { return false }
            }
        }
        return true
    }

    /// ASCII-lowercases `s` (ollama folds only A–Z).
    static func fold(_ s: String) -> String {
        String(decoding: s.utf8.map { $0 >= 0x41 && $0 <= 0x5a ? $0 + 32 : $0 }, as: UTF8.self)
    }

    static func equalFold(_ a: String, _ b: String) -> Bool { fold(a) == fold(b) }
}
