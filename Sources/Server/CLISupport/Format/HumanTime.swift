/// Relative times as ollama prints them (`format.HumanTime`): `2 minutes ago`,
/// `About a minute ago`, `4 minutes from now`, `Forever` (more than 20 years ahead).
package enum HumanTime {
    /// Describes `date` relative to `now` (both seconds since an epoch); `nil` gives `zeroValue`.
    package static func format(_ date: Double?, now: Double, zeroValue: String = "Never") -> String {
        guard let date else { return zeroValue }
        let delta = now - date
        // Go: int(delta.Hours())/24/365 < -20
        if Int(delta / 3600) / 24 / 365 < -20 {
            return "Forever"
        }
        if delta < 0 {
            return duration(-delta) + " from now"
        }
        return duration(delta) + " ago"
    }

    /// The text for `ps`'s UNTIL column: `Stopping...` once expired, else a relative time.
    package static func until(_ expiry: Double?, now: Double) -> String {
        if let expiry, now - expiry > 0 { return "Stopping..." }
        return format(expiry, now: now)
    }

    /// An approximate duration in words (`humanDuration`): seconds, then minutes, hours
    /// (rounded), days, weeks, months and years.
    package static func duration(_ seconds: Double) -> String {
        let wholeSeconds = Int(seconds)
        if wholeSeconds < 1 { return "Less than a second" }
        if wholeSeconds == 1 { return "1 second" }
        if wholeSeconds < 60 { return "\(wholeSeconds) seconds" }
        let minutes = Int(seconds / 60)
        if minutes == 1 { return "About a minute" }
        if minutes < 60 { return "\(minutes) minutes" }
        let hours = Int((seconds / 3600).rounded(.toNearestOrAwayFromZero))
        if hours == 1 { return "About an hour" }
        if hours < 48 { return "\(hours) hours" }
        if hours < 24 * 7 * 2 { return "\(hours / 24) days" }
        if hours < 24 * 30 * 2 { return "\(hours / 24 / 7) weeks" }
        if hours < 24 * 365 * 2 { return "\(hours / 24 / 30) months" }
        return "\(hours / 24 / 365) years"
    }
}
