import Foundation

extension KeyedEncodingContainer {
    /// Encodes a time as Go does (RFC 3339 with nanoseconds, UTC).
    mutating func encodeTime(_ date: Date, forKey key: Key) throws {
        try encode(RFC3339.string(date), forKey: key)
    }
}

extension KeyedDecodingContainer {
    /// Decodes an RFC 3339 time; a missing key or null gives Go's zero time.
    func decodeTime(forKey key: Key) throws -> Date {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return RFC3339.zero }
        guard let date = RFC3339.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "invalid time \"\(text)\"")
        }
        return date
    }
}

extension RFC3339 {
    /// Go's zero `time.Time` (`0001-01-01T00:00:00Z`).
    public static let zero = Date(timeIntervalSince1970: -62_135_596_800)
}
