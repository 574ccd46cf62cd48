import Server

/// Shows pull/push statuses as ollama's CLI does: one progress bar per digest (message
/// `pulling <digest[7:19]>`, percentage, bytes, rate, time left), and a spinner for every other
/// status. Drawn on stderr and silent when it is not a terminal.
final class TransferProgressView {
    private let display: ProgressDisplay
    private var bars: [String: ProgressDisplay.Line] = [:]
    private var spinner: ProgressDisplay.Line?
    private var status = ""

    init(display: ProgressDisplay = ProgressDisplay()) {
        self.display = display
    }

    /// Takes one status line.
    func show(_ progress: ProgressResponse) {
        if !progress.digest.isEmpty {
            stopSpinner()
            let bar: ProgressDisplay.Line
            if let existing = bars[progress.digest] {
                bar = existing
            } else {
                let short = progress.digest.dropFirst(7).prefix(12)
                let message = progress.status.isEmpty ? "pulling \(short)..." : progress.status
                bar = display.addBar(message, total: progress.total, completed: progress.completed)
                bars[progress.digest] = bar
            }
            display.update(bar, completed: progress.completed)
        } else if progress.status != status {
            stopSpinner()
            status = progress.status
            spinner = display.addSpinner(status)
        }
    }

    /// Draws the final state and ends the display.
    func stop() {
        stopSpinner()
        display.stop()
    }

    private func stopSpinner() {
        if let spinner { display.stopSpinner(spinner) }
        spinner = nil
    }
}
