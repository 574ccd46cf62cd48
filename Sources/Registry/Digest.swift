/// A SHA-256 content digest, `sha256:` followed by 64 lowercase hex digits.
///
/// A `Digest` can only be made by validating text (`init(parsing:)`, also used by `Decodable`) or
/// by finishing a hash (`SHA256.finalize()`), so a value of this type is always safe to turn into
/// a file name. Input may use ollama's blob-URL form `^sha256[:-][0-9a-fA-F]{64}$`; it is
/// canonicalized to lowercase `sha256:<hex>`. The only code that maps a digest to a file is
/// `BlobStore.path(of:)`.
public struct Digest: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The 64 lowercase hex digits.
    public let hex: String

    /// Parses `sha256:<hex>` or `sha256-<hex>` (hex in any case).
    /// - Throws: `RegistryError.invalidDigest` for anything else (ollama: `invalid digest format`).
    public init(parsing text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.count == 71, Array(bytes[0..<6]) == Array("sha256".utf8),
              bytes[6] == UInt8(ascii: ":") || bytes[6] == UInt8(ascii: "-")
        else { throw RegistryError.invalidDigest(text) }
        var lower = [UInt8]()
        lower.reserveCapacity(64)
        for b in bytes[7...] {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): lower.append(b)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): lower.append(b + 32)
            default: throw RegistryError.invalidDigest(text)
            }
        }
        hex = String(decoding: lower, as: UTF8.self)
    }

    /// A digest from the 32 bytes produced by `SHA256`.
    init(sha256Bytes bytes: [UInt8]) {
        precondition(bytes.count == 32, "a SHA-256 digest has 32 bytes")
        hex = Digest.hexString(bytes)
    }

    /// `sha256:<hex>`, the form used in manifests, API bodies and error messages.
    public var description: String { "sha256:" + hex }

    /// The short form ollama prints in pull/push progress (`digest[7:19]`, 12 hex digits).
    public var shortHex: String { String(hex.prefix(12)) }

    /// The SHA-256 of an empty input, which in a mismatch error signals a zero-length write.
    public static let empty = SHA256().finalize()

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.hex < rhs.hex }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Lowercase hex of `bytes`.
    static func hexString(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
