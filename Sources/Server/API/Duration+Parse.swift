/// Go-compatible duration parsing (`time.ParseDuration`), shared by the CLI
/// (`--keepalive`, `OLLAMA_KEEP_ALIVE`, `OLLAMA_LOAD_TIMEOUT`) and the server (`keep_alive`).
///
/// Grammar: `[-+]? ( [0-9]* ( "." [0-9]* )? unit )+` or the bare `0` (optionally signed), where
/// `unit` is one of `ns`, `us`, `µs` (U+00B5), `μs` (U+03BC), `ms`, `s`, `m`, `h`.
/// Values are nanoseconds in an `Int64`, so the range is about ±292 years; a value outside
/// that range is an invalid duration, as in Go.
extension Duration {
    /// Go's convention for "no limit" (`math.MaxInt64` nanoseconds): a negative `keep_alive`
    /// or a non-positive `OLLAMA_LOAD_TIMEOUT` becomes this value.
    package static let forever = Duration.nanoseconds(Int64.max)

    /// Parses a duration string exactly as Go's `time.ParseDuration` does.
    ///
    /// - Throws: `DurationParseError` whose message is Go's text, e.g.
    ///   `time: invalid duration "abc"` or `time: missing unit in duration "1"`.
    package static func parse(_ text: String) throws -> Duration {
        .nanoseconds(try parseNanoseconds(text))
    }

    /// Parses `text` as a Go duration, or else as an integer number of seconds
    /// (the rule ollama applies to `OLLAMA_KEEP_ALIVE` and `OLLAMA_LOAD_TIMEOUT`).
    /// Returns nil when neither form matches.
    package static func parseDurationOrSeconds(_ text: String) -> Duration? {
        if let nanos = try? parseNanoseconds(text) {
            return .nanoseconds(nanos)
        }
        guard let seconds = Int64(text) else { return nil }
        let (nanos, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? (seconds < 0 ? .nanoseconds(Int64.min) : .forever) : .nanoseconds(nanos)
    }

    /// The duration in whole nanoseconds, saturating at the `Int64` range.
    package var totalNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? Int64.min : Int64.max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return seconds < 0 ? Int64.min : Int64.max }
        return sum
    }

    /// Parses to nanoseconds; see `parse(_:)`.
    package static func parseNanoseconds(_ text: String) throws -> Int64 {
        var cursor = text.utf8[...]
        var negative = false
        if let first = cursor.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            cursor = cursor.dropFirst()
        }
        if cursor.elementsEqual("0".utf8) { return 0 }
        guard !cursor.isEmpty else { throw DurationParseError.invalid(text) }

        let limit: UInt64 = 1 << 63
        var total: UInt64 = 0
        while !cursor.isEmpty {
            guard let first = cursor.first, first == UInt8(ascii: ".") || isDigit(first) else {
                throw DurationParseError.invalid(text)
            }
            // Integer part: [0-9]*
            var value: UInt64 = 0
            let integerDigits = cursor.prefix(while: isDigit)
            for digit in integerDigits {
                guard value <= limit / 10 else { throw DurationParseError.invalid(text) }
                value = value * 10 + UInt64(digit - UInt8(ascii: "0"))
                guard value <= limit else { throw DurationParseError.invalid(text) }
            }
            cursor = cursor.dropFirst(integerDigits.count)
            // Fraction: "." [0-9]*; digits past UInt64 precision are consumed and ignored.
            var fraction: UInt64 = 0
            var scale = 1.0
            var hasFraction = false
            if cursor.first == UInt8(ascii: ".") {
                cursor = cursor.dropFirst()
                let fractionDigits = cursor.prefix(while: isDigit)
                var overflowed = false
                for digit in fractionDigits {
                    if overflowed { continue }
                    if fraction > (UInt64(Int64.max) - 9) / 10 {
                        overflowed = true
                        continue
                    }
                    fraction = fraction * 10 + UInt64(digit - UInt8(ascii: "0"))
                    scale *= 10
                }
                hasFraction = !fractionDigits.isEmpty
                cursor = cursor.dropFirst(fractionDigits.count)
            }
            guard !integerDigits.isEmpty || hasFraction else { throw DurationParseError.invalid(text) }
            // Unit: everything up to the next digit or dot.
            let unitBytes = cursor.prefix { $0 != UInt8(ascii: ".") && !isDigit($0) }
            guard !unitBytes.isEmpty else { throw DurationParseError.missingUnit(text) }
            cursor = cursor.dropFirst(unitBytes.count)
            let unitName = String(decoding: unitBytes, as: UTF8.self)
            guard let unit = unitNanoseconds[unitName] else {
                throw DurationParseError.unknownUnit(unitName, text)
            }
            guard value <= limit / unit else { throw DurationParseError.invalid(text) }
            value *= unit
            if fraction > 0 {
                value += UInt64(Double(fraction) * (Double(unit) / scale))
                guard value <= limit else { throw DurationParseError.invalid(text) }
            }
            total += value
            guard total <= limit else { throw DurationParseError.invalid(text) }
        }
        if negative {
            return total == limit ? Int64.min : -Int64(total)
        }
        guard total <= UInt64(Int64.max) else { throw DurationParseError.invalid(text) }
        return Int64(total)
    }

    /// Nanoseconds per unit, spelled as Go spells them.
    private static let unitNanoseconds: [String: UInt64] = [
        "ns": 1,
        "us": 1_000,
        "\u{00B5}s": 1_000,
        "\u{03BC}s": 1_000,
        "ms": 1_000_000,
        "s": 1_000_000_000,
        "m": 60 * 1_000_000_000,
        "h": 3_600 * 1_000_000_000,
    ]

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}

/// A duration string that Go's `time.ParseDuration` would reject; messages are Go's.
package enum DurationParseError: Error, Equatable, CustomStringConvertible {
    case invalid(String)
    case missingUnit(String)
    case unknownUnit(String, String)

    package var description: String {
        switch self {
        case .invalid(let text):
            return "time: invalid duration \(Self.quote(text))"
        case .missingUnit(let text):
            return "time: missing unit in duration \(Self.quote(text))"
        case .unknownUnit(let unit, let text):
            return "time: unknown unit \(Self.quote(unit)) in duration \(Self.quote(text))"
        }
    }

    /// Quotes like Go's `strconv.Quote` for the printable text a user types.
    private static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension String {
    /// Pads with leading zeros up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
