#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 socket address parsed from a numeric literal, ready for `bind`/`connect`.
package struct SocketAddress {
    /// The raw address; `family` says which part of the storage is meaningful.
    package var storage = sockaddr_storage()
    /// `AF_INET` or `AF_INET6`.
    package let family: Int32

    /// Parses a numeric host (`127.0.0.1`, `::1`, `[::1]`) and a port.
    ///
    /// - Returns: `nil` when `host` is not an IP literal.
    package init?(host: String, port: Int) {
        var literal = host
        if literal.hasPrefix("["), literal.hasSuffix("]") {
            literal = String(literal.dropFirst().dropLast())
        }
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, literal, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
            family = AF_INET
            withUnsafeMutableBytes(of: &storage) { raw in
                withUnsafeBytes(of: v4) { raw.copyMemory(from: $0) }
            }
            return
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, literal, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
            family = AF_INET6
            withUnsafeMutableBytes(of: &storage) { raw in
                withUnsafeBytes(of: v6) { raw.copyMemory(from: $0) }
            }
            return
        }
        return nil
    }

    /// Wraps an address returned by the kernel (`getaddrinfo`, `getsockname`).
    package init(raw: UnsafeRawPointer, length: Int) {
        withUnsafeMutableBytes(of: &storage) { dst in
            dst.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: min(length, dst.count)))
        }
        family = Int32(raw.load(as: sockaddr.self).sa_family)
    }

    /// The byte length to pass with the address.
    package var length: socklen_t {
        socklen_t(family == AF_INET6 ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
    }

    /// The port in host byte order.
    package var port: Int {
        withUnsafeBytes(of: storage) { raw in
            if family == AF_INET6 {
                return Int(UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port))
            }
            return Int(UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port))
        }
    }

    /// Whether this is a loopback address (`127.0.0.0/8`, `::1`, or IPv4-mapped loopback).
    package var isLoopback: Bool {
        IPAddress(storage: storage, family: family)?.isLoopback ?? false
    }

    /// Runs `body` with the address as a `sockaddr` pointer.
    package func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        var copy = storage
        return withUnsafePointer(to: &copy) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}
