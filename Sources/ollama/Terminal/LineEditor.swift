#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Server

/// Reads entries for the REPL: a raw-mode line editor when stdin and stdout are terminals,
/// plain line reading otherwise (`echo hi | ollama run m`).
///
/// Keys: ←/→ (Ctrl-B/F), Home/End (Ctrl-A/E), Backspace, Delete, ↑/↓ (Ctrl-P/N) history,
/// Alt-B/F word moves, Ctrl-K/U/W kill, Ctrl-L clear screen, Ctrl-C interrupt, Ctrl-D end of
/// input on an empty line (else delete), Enter submit; bracketed paste keeps pasted newlines.
/// The editing logic is `LineEditSession`; this type does the terminal I/O and the history file.
final class LineEditor {
    /// What `readLine` returns.
    typealias Result = LineEditOutcome

    private let input: Int32
    private let output: Output
    /// `~/.ollama/history`, or nil with `OLLAMA_NOHISTORY`.
    private let historyFile: String?
    private(set) var history: LineHistory
    private let rawMode: RawMode
    /// Whether both ends are terminals.
    let isInteractive: Bool

    init(historyFile: String?, input: Int32 = STDIN_FILENO, output: Output = .standardOutput) {
        self.input = input
        self.output = output
        self.historyFile = historyFile
        rawMode = RawMode(descriptor: input)
        isInteractive = isatty(input) == 1 && output.isTerminal
        if let historyFile, let contents = try? String(contentsOfFile: historyFile, encoding: .utf8) {
            history = LineHistory(fileContents: contents)
        } else {
            history = LineHistory()
        }
    }

    /// Reads one entry.
    func readLine(_ prompt: LinePrompt = LinePrompt()) -> Result {
        guard isInteractive, rawMode.enable() else {
            return readPlainLine()
        }
        output.write("\u{1B}[?2004h")
        defer {
            output.write("\u{1B}[?2004l")
            rawMode.restore()
        }
        var session = LineEditSession(prompt: prompt, columns: output.width ?? 80, history: history)
        output.write(session.start())
        var decoder = KeyDecoder()
        while let byte = readByte() {
            guard let key = decoder.feed(byte) else { continue }
            session.columns = output.width ?? 80
            let (text, outcome) = session.handle(key)
            output.write(text)
            guard let outcome else { continue }
            if case .submit = outcome {
                history = session.history
                saveHistory()
            }
            return outcome
        }
        return .endOfFile
    }

    /// Writes the history file (one entry per line), creating `~/.ollama` if needed.
    private func saveHistory() {
        guard let historyFile else { return }
        let directory = (historyFile as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? history.fileContents.write(toFile: historyFile, atomically: true, encoding: .utf8)
    }

    private func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = read(input, &byte, 1)
            if count == 1 { return byte }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// Non-terminal input: one line per call, without its newline.
    private func readPlainLine() -> Result {
        var bytes: [UInt8] = []
        while let byte = readByte() {
            if byte == UInt8(ascii: "\n") { return .submit(String(decoding: bytes, as: UTF8.self)) }
            bytes.append(byte)
        }
        return bytes.isEmpty ? .endOfFile : .submit(String(decoding: bytes, as: UTF8.self))
    }
}
