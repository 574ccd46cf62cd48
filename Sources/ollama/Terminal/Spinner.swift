/// A single spinner on stderr (`ollama run`'s wait for the first token, `stop`'s unload):
/// braille frames every 100 ms until `stop()`, which erases it. Silent when stderr is not a terminal.
final class Spinner {
    private let display: ProgressDisplay
    private let line: ProgressDisplay.Line

    /// Starts spinning with an optional message before the frame.
    init(_ message: String = "", output: Output = .standardError) {
        display = ProgressDisplay(output: output)
        line = display.addSpinner(message)
    }

    /// Replaces the message.
    func setMessage(_ message: String) {
        display.setMessage(line, message)
    }

    /// Stops and erases the spinner (ollama's `StopAndClear`).
    func stop() {
        display.stopAndClear()
    }
}
