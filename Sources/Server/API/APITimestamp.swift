#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A wall-clock instant with nanosecond precision, written as Go's `time.RFC3339Nano` in UTC
/// (`2023-08-04T19:22:45.499127Z`: trailing zeros of the fraction dropped, no fraction at all
/// on a whole second), the format of `created_at` and `expires_at`.
public struct APITimestamp: Sendable, Equatable, Comparable, Codable {
    /// Nanoseconds since the Unix epoch.
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// The current time.
    public static func now() -> APITimestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return APITimestamp(nanoseconds: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec))
    }

    /// This instant moved by `duration` (saturating).
    public func adding(_ duration: Duration) -> APITimestamp {
        let (sum, overflow) = nanoseconds.addingReportingOverflow(duration.totalNanoseconds)
        return APITimestamp(nanoseconds: overflow ? Int64.max : sum)
    }

    public static func < (lhs: APITimestamp, rhs: APITimestamp) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// RFC 3339 with up to nine fractional digits, UTC.
    public var rfc3339: String {
        var seconds = nanoseconds / 1_000_000_000
        var fraction = nanoseconds % 1_000_000_000
        if fraction < 0 {
            fraction += 1_000_000_000
            seconds -= 1
        }
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        var text = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
        text += "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
        if fraction > 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 9 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text + "Z"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rfc3339)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = APITimestamp.parse(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid time \(text)"))
        }
        self = value
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    public static func parse(_ text: String) -> APITimestamp? {
        let b = Array(text.utf8)
        guard b.count >= 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A else { return nil }
        func num(_ r: Range<Int>) -> Int32? { Int32(String(decoding: b[r], as: UTF8.self)) }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13),
              let mi = num(14..<16), let s = num(17..<19) else { return nil }
        var i = 19
        var fraction: Int64 = 0
        if i < b.count, b[i] == 0x2E {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                if digits < 9 {
                    fraction = fraction * 10 + Int64(b[i] - 0x30)
                    digits += 1
                }
                i += 1
            }
            while digits < 9 {
                fraction *= 10
                digits += 1
            }
        }
        var offset: Int64 = 0
        guard i < b.count else { return nil }
        if b[i] == 0x5A {
            i += 1
        } else if b[i] == 0x2B || b[i] == 0x2D, i + 6 <= b.count {
            guard let oh = Int64(String(decoding: b[(i + 1)..<(i + 3)], as: UTF8.self)),
                  let om = Int64(String(decoding: b[(i + 4)..<(i + 6)], as: UTF8.self)) else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == 0x2D ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        var parts = tm()
        parts.tm_year = y - 1900
        parts.tm_mon = mo - 1
        parts.tm_mday = d
        parts.tm_hour = h
        parts.tm_min = mi
        parts.tm_sec = s
        let seconds = Int64(timegm(&parts)) - offset
        return APITimestamp(nanoseconds: seconds * 1_000_000_000 + fraction)
    }
}
