#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sizes as ollama prints them (`format.HumanBytes`): decimal units (1 KB = 1000 B).
///
/// Below 1 KB the exact count (`999 B`); from 10 units up the integer part (`98 MB`, `291 MB`);
/// below 10 one decimal unless the value is whole (`1.2 GB`, `5 GB`).
package enum HumanBytes {
    /// Formats a byte count, e.g. `98362432` → `98 MB`.
    package static func format(_ bytes: Int64) -> String {
        let units: [(Int64, String)] = [
            (1_000_000_000_000, "TB"), (1_000_000_000, "GB"), (1_000_000, "MB"), (1_000, "KB"),
        ]
        guard let (scale, unit) = units.first(where: { bytes >= $0.0 }) else {
            return "\(bytes) B"
        }
        let value = Double(bytes) / Double(scale)
        if value >= 10 || value == value.rounded(.towardZero) {
            return "\(Int64(value)) \(unit)"
        }
        return "\(fixed(value, decimals: 1)) \(unit)"
    }

    /// `%.*f` formatting (C's correctly rounded conversion, as Go's `%.1f`).
    package static func fixed(_ value: Double, decimals: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([value]) { arguments in
            vsnprintf(&buffer, buffer.count, "%.\(decimals)f", arguments)
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
