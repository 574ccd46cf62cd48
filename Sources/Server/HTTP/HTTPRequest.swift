/// One parsed HTTP request handed to a route handler.
public struct HTTPRequest {
    /// The method as sent (`GET`, `POST`, …).
    public let method: HTTPMethod
    /// The path part of the target, still percent-encoded (`/api/blobs/sha256:ab`).
    public let path: String
    /// The raw query string after `?`, if any.
    public let rawQuery: String?
    /// The minor version of HTTP/1.x.
    public let minorVersion: Int
    /// The request header fields.
    public let headers: HTTPHeaders
    /// Values of the route's `:name` segments, percent-decoded.
    public internal(set) var parameters: [String: String] = [:]
    /// The body, read on demand.
    public let body: HTTPRequestBody

    /// Splits `target` into path and query.
    package init(head: HTTPRequestHead, body: HTTPRequestBody) {
        method = head.method
        minorVersion = head.minorVersion
        headers = head.headers
        self.body = body
        var target = head.target
        // Absolute-form targets (`http://host/path`) are reduced to their path.
        if !target.hasPrefix("/"), let schemeEnd = target.range(of: "://") {
            let rest = target[schemeEnd.upperBound...]
            target = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
        }
        if let question = target.firstIndex(of: "?") {
            path = String(target[..<question])
            rawQuery = String(target[target.index(after: question)...])
        } else {
            path = target
            rawQuery = nil
        }
    }

    /// The value of a `:name` path parameter.
    public func parameter(_ name: String) -> String? {
        parameters[name]
    }

    /// The `Host` header without its port (brackets of an IPv6 literal removed), lowercased.
    public var hostWithoutPort: String {
        HostGuard.stripPort(headers["Host"] ?? "")
    }

    /// Query parameters, decoded (`+` is a space); for repeated keys the first wins.
    public var query: [String: String] {
        var result: [String: String] = [:]
        guard let rawQuery else { return result }
        for pair in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = percentDecode(parts[0], plusAsSpace: true) else { continue }
            let value = parts.count > 1 ? (percentDecode(parts[1], plusAsSpace: true) ?? "") : ""
            if result[key] == nil { result[key] = value }
        }
        return result
    }

    /// Whether the client asked to keep the connection open after this request.
    public var wantsKeepAlive: Bool {
        if headers.hasToken("close", in: "Connection") { return false }
        if minorVersion >= 1 { return true }
        return headers.hasToken("keep-alive", in: "Connection")
    }
}

/// Decodes `%XX` escapes (and `+` as space when asked); `nil` for a malformed escape or bad UTF-8.
package func percentDecode<S: StringProtocol>(_ text: S, plusAsSpace: Bool) -> String? {
    let utf8 = Array(text.utf8)
    guard utf8.contains(0x25) || (plusAsSpace && utf8.contains(0x2B)) else { return String(text) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(utf8.count)
    var index = 0
    while index < utf8.count {
        let byte = utf8[index]
        if byte == 0x25 {
            guard index + 2 < utf8.count, let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2]) else {
                return nil
            }
            bytes.append(high << 4 | low)
            index += 3
        } else {
            bytes.append(plusAsSpace && byte == 0x2B ? 0x20 : byte)
            index += 1
        }
    }
    return String(validating: bytes, as: UTF8.self)
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: return byte - 0x30
    case 0x41...0x46: return byte - 0x41 + 10
    case 0x61...0x66: return byte - 0x61 + 10
    default: return nil
    }
}
