#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The DNS-rebinding guard (ollama's `allowedHostsMiddleware`): when the server listens on a
/// loopback address, the `Host` header must name this machine.
///
/// Allowed: an empty host, a loopback/private/unspecified IP or one of this machine's interface
/// addresses, `localhost`, the machine's hostname, and names under `.localhost`, `.local`, `.internal`.
package struct HostGuard {
    /// Whether the check applies (only for loopback listeners).
    package let isEnabled: Bool
    private let hostname: String
    private let interfaceAddresses: Set<IPAddress>

    package init(isEnabled: Bool, hostname: String? = nil, interfaceAddresses: Set<IPAddress>? = nil) {
        self.isEnabled = isEnabled
        self.hostname = (hostname ?? HostGuard.machineHostname()).lowercased()
        self.interfaceAddresses = isEnabled ? (interfaceAddresses ?? IPAddress.interfaceAddresses()) : []
    }

    /// Whether a request with this `Host` header value may proceed.
    package func allows(hostHeader: String) -> Bool {
        guard isEnabled else { return true }
        let host = HostGuard.stripPort(hostHeader)
        if let ip = IPAddress(host) {
            return ip.isLoopback || ip.isPrivate || ip.isUnspecified || interfaceAddresses.contains(ip)
        }
        if host.isEmpty || host == "localhost" || (!hostname.isEmpty && host == hostname) { return true }
        return host.hasSuffix(".localhost") || host.hasSuffix(".local") || host.hasSuffix(".internal")
    }

    /// `example.com:80` → `example.com`, `[::1]:11434` → `::1`, lowercased.
    package static func stripPort(_ host: String) -> String {
        let lower = host.lowercased()
        if lower.hasPrefix("[") {
            if let close = lower.firstIndex(of: "]") {
                return String(lower[lower.index(after: lower.startIndex)..<close])
            }
            return lower
        }
        // More than one colon without brackets: a bare IPv6 literal, no port.
        let colons = lower.utf8.filter { $0 == 0x3A }.count
        if colons == 1, let colon = lower.firstIndex(of: ":") {
            return String(lower[..<colon])
        }
        return lower
    }

    private static func machineHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
