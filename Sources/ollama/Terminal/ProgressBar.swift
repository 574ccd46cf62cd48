import Dispatch
import Foundation
import Server

/// Draws progress lines (bars and spinners) on stderr, redrawn every 100 ms, as ollama's
/// `progress.Progress` does. Silent when stderr is not a terminal, so logs get no escapes.
///
/// Usage: `let bar = display.addBar("pulling abc123def456:", total: n, completed: 0)`, then
/// `display.update(bar, completed: m)`; `display.stop()` draws the final state and a newline,
/// `display.stopAndClear()` erases the lines.
final class ProgressDisplay: @unchecked Sendable {
    /// A line handle returned by `addBar`/`addSpinner`.
    struct Line: Hashable { fileprivate let index: Int }

    private enum State {
        case bar(ProgressBarModel)
        case spinner(SpinnerModel)
    }

    private let output: Output
    private let enabled: Bool
    private let lock = NSLock()
    private var states: [State] = []
    /// Lines drawn by the last render (the cursor sits on the last of them).
    private var drawnLines = 0
    private var timer: (any DispatchSourceTimer)?
    private var stopped = false

    init(output: Output = .standardError) {
        self.output = output
        self.enabled = output.isTerminal
        guard enabled else { return }
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "ollama.progress"))
        timer.schedule(deadline: .now() + SpinnerModel.interval, repeating: SpinnerModel.interval)
        timer.setEventHandler { [weak self] in self?.render() }
        timer.resume()
        self.timer = timer
    }

    deinit {
        timer?.cancel()
    }

    /// Seconds on the monotonic clock.
    static var now: Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Adds a bar line (ollama's `NewBar`).
    func addBar(_ message: String, total: Int64, completed: Int64) -> Line {
        append(.bar(ProgressBarModel(message: message, total: total, initial: completed, at: Self.now)))
    }

    /// Adds a spinner line (ollama's `NewSpinner`).
    func addSpinner(_ message: String) -> Line {
        append(.spinner(SpinnerModel(message: message, at: Self.now)))
    }

    /// Records a bar's progress.
    func update(_ line: Line, completed: Int64) {
        lock.withLock {
            guard case .bar(var bar) = states[line.index] else { return }
            bar.set(completed, at: Self.now)
            states[line.index] = .bar(bar)
        }
    }

    /// Changes a spinner's message (`copying file … 42%`).
    func setMessage(_ line: Line, _ message: String) {
        lock.withLock {
            guard case .spinner(var spinner) = states[line.index] else { return }
            spinner.message = message
            states[line.index] = .spinner(spinner)
        }
    }

    /// Stops a spinner: its line keeps the message without a frame.
    func stopSpinner(_ line: Line) {
        lock.withLock {
            guard case .spinner(var spinner) = states[line.index] else { return }
            spinner.stop()
            states[line.index] = .spinner(spinner)
        }
    }

    /// Draws the final state and moves below it.
    func stop() {
        guard finish() else { return }
        render(final: true)
        output.write("\n")
    }

    /// Erases every drawn line and leaves the cursor where the first one was.
    func stopAndClear() {
        guard finish() else { return }
        lock.withLock {
            var text = "\u{1B}[?25l"
            for index in 0..<drawnLines {
                if index > 0 { text += "\u{1B}[A" }
                text += "\u{1B}[2K\u{1B}[1G"
            }
            text += "\u{1B}[?25h"
            output.write(text)
            drawnLines = 0
        }
    }

    private func append(_ state: State) -> Line {
        lock.withLock {
            states.append(state)
            return Line(index: states.count - 1)
        }
    }

    /// Stops the timer and every spinner; false when already stopped or disabled.
    private func finish() -> Bool {
        lock.withLock {
            guard enabled, !stopped else { return false }
            stopped = true
            timer?.cancel()
            timer = nil
            for (index, state) in states.enumerated() {
                if case .spinner(var spinner) = state {
                    spinner.stop()
                    states[index] = .spinner(spinner)
                }
            }
            return true
        }
    }

    /// Redraws all lines in place (only the last `height` fit on screen).
    private func render(final: Bool = false) {
        lock.withLock {
            guard enabled, !stopped || final, !states.isEmpty else { return }
            let width = output.width ?? 80
            let height = output.height ?? 24
            let now = Self.now
            var text = "\u{1B}[?2026h\u{1B}[?25l"
            if drawnLines > 1 { text += "\u{1B}[\(drawnLines - 1)A" }
            text += "\u{1B}[1G"
            let visible = states.suffix(height)
            for (offset, state) in visible.enumerated() {
                switch state {
                case .bar(let bar): text += bar.render(width: width)
                case .spinner(let spinner): text += spinner.render(at: now)
                }
                text += "\u{1B}[K"
                if offset < visible.count - 1 { text += "\n" }
            }
            text += "\u{1B}[?25h\u{1B}[?2026l"
            output.write(text)
            drawnLines = visible.count
        }
    }
}
