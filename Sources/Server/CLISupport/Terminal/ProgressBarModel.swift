/// The state and text of one progress line, as ollama's `progress.Bar` draws it:
///
/// ```
/// pulling 1a2b3c4d5e6f:  45% ▕████████          ▏  44 MB/ 98 MB   12 MB/s      4s
/// ```
///
/// Prefix: message, space, `%3.0f%%`. Suffix: `current/total` (each right-aligned in 6 columns),
/// then the rate and the remaining time while running and the rate is known; once complete only
/// the total. The bar fills the rest of the terminal width between ` ▕` and `▏ `.
/// The rate is measured over up to ten samples taken at most once per second.
/// Times are seconds on any monotonic clock, passed in so that rendering is deterministic.
package struct ProgressBarModel: Sendable {
    package var message: String
    package let total: Int64
    package let initial: Int64
    package private(set) var current: Int64
    package let started: Double
    package private(set) var stopped: Double?
    private var samples: [(time: Double, value: Int64)] = []

    /// Samples kept for the rate (ollama's `maxBuckets`).
    private static let maxSamples = 10

    package init(message: String, total: Int64, initial: Int64, at time: Double) {
        self.message = message
        self.total = total
        self.initial = initial
        self.current = initial
        self.started = time
        if initial >= total { stopped = time }
    }

    /// Records progress; reaching the total stops the clock.
    package mutating func set(_ value: Int64, at time: Double) {
        current = min(value, total)
        if current >= total, stopped == nil { stopped = time }
        if let last = samples.last, time - last.time <= 1 { return }
        samples.append((time, current))
        if samples.count > Self.maxSamples { samples.removeFirst() }
    }

    /// Completion in percent, 0 when the total is unknown.
    package var percent: Double {
        total > 0 ? Double(current) / Double(total) * 100 : 0
    }

    /// Bytes per second over the kept samples (whole seconds, as ollama rounds), 0 if unknown.
    package var rate: Double {
        var numerator = 0.0
        var denominator = 0.0
        if let stopped {
            numerator = Double(current - initial)
            denominator = (stopped - started).rounded()
        } else if samples.count == 1, let only = samples.first {
            numerator = Double(only.value - initial)
            denominator = (only.time - started).rounded()
        } else if let first = samples.first, let last = samples.last {
            numerator = Double(last.value - first.value)
            denominator = (last.time - first.time).rounded()
        }
        return denominator != 0 ? numerator / denominator : 0
    }

    /// The line for a terminal `width` columns wide (no trailing newline).
    package func render(width: Int) -> String {
        var prefix = ""
        let trimmed = message.trimmingSpaces()
        if !trimmed.isEmpty { prefix = trimmed + " " }
        prefix += HumanBytes.fixed(percent, decimals: 0).paddedLeft(to: 3) + "%"

        let running = stopped == nil
        var suffix: String
        if running {
            suffix = HumanBytes.format(current).paddedLeft(to: 6) + "/" + HumanBytes.format(total).paddedLeft(to: 6)
        } else {
            suffix = HumanBytes.format(total).paddedLeft(to: 6) + String(repeating: " ", count: 7)
        }
        let rate = self.rate
        if running && rate > 0 {
            suffix += "  " + HumanBytes.format(Int64(rate)).paddedLeft(to: 6) + "/s"
            let remaining = Int64(Double(total - current) / rate)
            suffix += "  " + GoDurationFormat.eta(seconds: remaining).paddedLeft(to: 6)
        } else {
            suffix += String(repeating: " ", count: 18)
        }

        let barWidth = width - DisplayWidth.of(prefix) - DisplayWidth.of(suffix) - 5
        let filled = max(0, Int(Double(barWidth) * percent / 100))
        let empty = max(0, barWidth - filled)
        return prefix + " \u{2595}" + String(repeating: "\u{2588}", count: filled)
            + String(repeating: " ", count: empty) + "\u{258F} " + suffix
    }
}

/// ollama's spinner: a braille frame advancing every 100 ms after the message.
package struct SpinnerModel: Sendable {
    /// The frames, in order.
    package static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    /// Seconds per frame.
    package static let interval = 0.1

    package var message: String
    package let started: Double
    package private(set) var stopped = false

    package init(message: String, at time: Double) {
        self.message = message
        self.started = time
    }

    package mutating func stop() {
        stopped = true
    }

    /// `message ⠋ ` while running, `message ` once stopped.
    package func render(at time: Double) -> String {
        var line = ""
        let trimmed = message.trimmingSpaces()
        if !trimmed.isEmpty { line = trimmed + " " }
        if !stopped {
            let index = Int(max(0, time - started) / Self.interval) % Self.frames.count
            line += Self.frames[index] + " "
        }
        return line
    }
}
