import Server

/// Writes streamed model output to stdout, wrapping words at the terminal width
/// (`--nowordwrap` or a non-terminal stdout writes the text unchanged).
struct WordWrapWriter {
    private var wrapper: WordWrapper
    private let output: Output

    init(enabled: Bool, output: Output = .standardOutput) {
        self.output = output
        let width = output.width ?? 0
        wrapper = WordWrapper(width: width, enabled: enabled && output.isTerminal)
    }

    /// Writes a chunk of the answer.
    mutating func write(_ text: String) {
        if let width = output.width { wrapper.width = width }
        output.write(wrapper.wrap(text))
    }

    /// Writes text that bypasses wrapping (e.g. the final newlines) and resets the line state.
    mutating func writeRaw(_ text: String) {
        output.write(text)
        if text.contains("\n") { wrapper.reset() }
    }
}
