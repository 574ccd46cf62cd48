import Foundation

/// Streaming SHA-256 (FIPS 180-4) in Swift, with the x86 SHA extensions where the CPU has them.
///
/// Feed bytes with `update(_:)` in pieces of any size, then call `finalize()`. Whole 64-byte
/// blocks are compressed straight from the caller's buffer; only a trailing partial block is
/// copied into the 64-byte carry buffer, which is allocated once per hasher.
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update(Array("abc".utf8))
/// let digest = hasher.finalize()  // sha256:ba7816bf…
/// ```
public struct SHA256 {
    /// The eight chaining words H0…H7.
    typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    private var state: State = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
        0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    /// Bytes of an incomplete block carried to the next `update` (64 bytes, `carryCount` used).
    private var carry = [UInt8](repeating: 0, count: 64)
    private var carryCount = 0
    /// Total message length in bytes.
    private var length: UInt64 = 0
    /// The compression function in use (SHA-NI where the CPU has it).
    package let implementation: Implementation

    public init() { implementation = Self.preferredImplementation }

    /// A hasher running a given implementation (tests compare them).
    /// - Precondition: `.shaNI` only where `SHA256.hardwareAvailable`.
    package init(implementation: Implementation) {
        precondition(implementation == .portable || Self.hardwareAvailable, "this CPU has no SHA extensions")
        self.implementation = implementation
    }

    /// Hashes `bytes` and appends them to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var base = bytes.baseAddress, bytes.count > 0 else { return }
        var remaining = bytes.count
        length &+= UInt64(remaining)
        if carryCount > 0 {
            let take = min(64 - carryCount, remaining)
            let offset = carryCount
            carry.withUnsafeMutableBytes { buf in
                UnsafeMutableRawBufferPointer(rebasing: buf[offset..<(offset + take)])
                    .copyMemory(from: UnsafeRawBufferPointer(start: base, count: take))
            }
            carryCount += take
            base += take
            remaining -= take
            guard carryCount == 64 else { return }
            carry.withUnsafeBytes { buf in
                if let block = buf.baseAddress { Self.compress(&state, block, blockCount: 1, using: implementation) }
            }
            carryCount = 0
        }
        let blocks = remaining / 64
        if blocks > 0 {
            Self.compress(&state, base, blockCount: blocks, using: implementation)
            base += blocks * 64
            remaining -= blocks * 64
        }
        if remaining > 0 {
            let count = remaining
            carry.withUnsafeMutableBytes { buf in
                UnsafeMutableRawBufferPointer(rebasing: buf[0..<count])
                    .copyMemory(from: UnsafeRawBufferPointer(start: base, count: count))
            }
            carryCount = remaining
        }
    }

    /// Hashes a byte collection (array, `Data`, slice…).
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) != nil { return }
        let copy = Array(bytes)
        copy.withUnsafeBytes { update($0) }
    }

    /// Hashes `data` (`Data` is not always contiguous-storage-accessible through `Sequence`).
    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// The 32 digest bytes. The hasher itself is left unchanged (this pads a copy).
    public func finalizeBytes() -> [UInt8] {
        var copy = self
        let bitLength = length &* 8
        var padding = [UInt8](repeating: 0, count: 72)
        padding[0] = 0x80
        // Pad to 56 mod 64, then the 64-bit big-endian bit length.
        let padCount = (carryCount < 56 ? 56 : 120) - carryCount
        for i in 0..<8 { padding[padCount + i] = UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * UInt64(i))) }
        padding.withUnsafeBytes { copy.update(UnsafeRawBufferPointer(rebasing: $0[0..<(padCount + 8)])) }
        precondition(copy.carryCount == 0, "SHA-256 padding must end on a block boundary")
        let s = copy.state
        var out = [UInt8]()
        out.reserveCapacity(32)
        for word in [s.0, s.1, s.2, s.3, s.4, s.5, s.6, s.7] {
            out.append(UInt8(truncatingIfNeeded: word >> 24))
            out.append(UInt8(truncatingIfNeeded: word >> 16))
            out.append(UInt8(truncatingIfNeeded: word >> 8))
            out.append(UInt8(truncatingIfNeeded: word))
        }
        return out
    }

    /// The digest of everything hashed so far, as 64 lowercase hex characters.
    public func finalizeHex() -> String { Digest.hexString(finalizeBytes()) }

    /// The digest of everything hashed so far.
    public func finalize() -> Digest { Digest(sha256Bytes: finalizeBytes()) }

    /// Number of bytes hashed so far.
    public var byteCount: UInt64 { length }

    /// Hashes a whole byte buffer in one call.
    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> Digest where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }
}
