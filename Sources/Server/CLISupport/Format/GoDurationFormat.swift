/// Go's `time.Duration.String()` and the progress bar's two-unit ETA.
package enum GoDurationFormat {
    /// Formats nanoseconds as Go does: `0s`, `1.5s`, `300ms`, `2µs`, `1m30s`, `1h0m0s`, `-5m0s`.
    package static func string(nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let negative = nanoseconds < 0
        let magnitude = nanoseconds.magnitude
        var text: String
        if magnitude < 1_000_000_000 {
            if magnitude < 1_000 {
                text = "\(magnitude)ns"
            } else if magnitude < 1_000_000 {
                text = decimal(magnitude, scaleDigits: 3) + "\u{00B5}s"
            } else {
                text = decimal(magnitude, scaleDigits: 6) + "ms"
            }
        } else {
            let seconds = magnitude / 1_000_000_000
            let fraction = magnitude % 1_000_000_000
            var secondsText = "\(seconds % 60)"
            if fraction > 0 {
                secondsText += "." + trimmedFraction(fraction, digits: 9)
            }
            text = secondsText + "s"
            let minutes = seconds / 60
            if minutes > 0 {
                text = "\(minutes % 60)m" + text
                let hours = minutes / 60
                if hours > 0 { text = "\(hours)h" + text }
            }
        }
        return negative ? "-" + text : text
    }

    /// The progress bar's remaining time (`progress.formatDuration`): `99h+` from 100 hours,
    /// `XhYm` from one hour, else Go's format rounded to the second.
    package static func eta(seconds: Int64) -> String {
        if seconds >= 100 * 3600 { return "99h+" }
        if seconds >= 3600 { return "\(seconds / 3600)h\((seconds / 60) % 60)m" }
        return string(nanoseconds: seconds * 1_000_000_000)
    }

    /// `value / 10^scaleDigits` with trailing zeros of the fraction removed.
    private static func decimal(_ value: UInt64, scaleDigits: Int) -> String {
        var scale: UInt64 = 1
        for _ in 0..<scaleDigits { scale *= 10 }
        let whole = value / scale
        let fraction = value % scale
        return fraction == 0 ? "\(whole)" : "\(whole).\(trimmedFraction(fraction, digits: scaleDigits))"
    }

    /// A fraction's digits, zero-padded to `digits` and without trailing zeros.
    private static func trimmedFraction(_ fraction: UInt64, digits: Int) -> String {
        var text = String(fraction)
        text = String(repeating: "0", count: max(0, digits - text.count)) + text
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
