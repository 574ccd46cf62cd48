#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IP address as 16 bytes (IPv4 stored IPv4-mapped), classified the way Go's `netip.Addr` does.
package struct IPAddress: Hashable {
    /// Network-order bytes; IPv4 is `::ffff:a.b.c.d`.
    package let bytes: [UInt8]

    /// Parses an IPv4 or IPv6 literal; brackets around IPv6 are accepted.
    package init?(_ text: String) {
        var literal = text
        if literal.hasPrefix("["), literal.hasSuffix("]") {
            literal = String(literal.dropFirst().dropLast())
        }
        var v4 = in_addr()
        if inet_pton(AF_INET, literal, &v4) == 1 {
            bytes = IPAddress.mapped(v4)
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, literal, &v6) == 1 {
            bytes = withUnsafeBytes(of: v6) { Array($0) }
            return
        }
        return nil
    }

    /// Reads the address part of a kernel socket address.
    package init?(storage: sockaddr_storage, family: Int32) {
        switch family {
        case AF_INET:
            let v4 = withUnsafeBytes(of: storage) { $0.load(as: sockaddr_in.self).sin_addr }
            bytes = IPAddress.mapped(v4)
        case AF_INET6:
            let v6 = withUnsafeBytes(of: storage) { $0.load(as: sockaddr_in6.self).sin6_addr }
            bytes = withUnsafeBytes(of: v6) { Array($0) }
        default:
            return nil
        }
    }

    private static func mapped(_ v4: in_addr) -> [UInt8] {
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + withUnsafeBytes(of: v4) { Array($0) }
    }

    /// Whether the address is IPv4 (or IPv4-mapped IPv6).
    package var isIPv4: Bool {
        bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
    }

    /// `127.0.0.0/8` or `::1`.
    package var isLoopback: Bool {
        if isIPv4 { return bytes[12] == 127 }
        return bytes[0..<15].allSatisfy { $0 == 0 } && bytes[15] == 1
    }

    /// `0.0.0.0` or `::`.
    package var isUnspecified: Bool {
        if isIPv4 { return bytes[12..<16].allSatisfy { $0 == 0 } }
        return bytes.allSatisfy { $0 == 0 }
    }

    /// RFC 1918 (`10/8`, `172.16/12`, `192.168/16`) or RFC 4193 (`fc00::/7`).
    package var isPrivate: Bool {
        if isIPv4 {
            return bytes[12] == 10 || (bytes[12] == 172 && bytes[13] & 0xF0 == 16)
                || (bytes[12] == 192 && bytes[13] == 168)
        }
        return bytes[0] & 0xFE == 0xFC
    }

    /// The addresses configured on this machine's interfaces (`getifaddrs`).
    package static func interfaceAddresses() -> Set<IPAddress> {
        var result: Set<IPAddress> = []
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return result }
        defer { freeifaddrs(list) }
        var cursor = list
        while let entry = cursor {
            if let addr = entry.pointee.ifa_addr {
                let family = Int32(addr.pointee.sa_family)
                if family == AF_INET || family == AF_INET6 {
                    let length = family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size
                    let socketAddress = SocketAddress(raw: addr, length: length)
                    if let ip = IPAddress(storage: socketAddress.storage, family: family) {
                        result.insert(ip)
                    }
                }
            }
            cursor = entry.pointee.ifa_next
        }
        return result
    }
}
