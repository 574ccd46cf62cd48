import Server
import Testing

/// Progress line, spinner and word wrapping, checked on the text a terminal would show.
@Suite struct CLISupportTerminalTests {
    @Test func progressLineWhileRunning() {
        var bar = ProgressBarModel(message: "pulling 1a2b3c4d5e6f:", total: 98_362_432, initial: 0, at: 0)
        bar.set(20_000_000, at: 1)
        bar.set(44_000_000, at: 3)
        #expect(bar.rate == 12_000_000)
        let line = bar.render(width: 80)
        #expect(line == "pulling 1a2b3c4d5e6f:  45% ▕████████          ▏  44 MB/ 98 MB   12 MB/s      4s")
        #expect(DisplayWidth.of(line) == 79)
    }

    @Test func progressLineWhenComplete() {
        var bar = ProgressBarModel(message: "pulling 1a2b3c4d5e6f:", total: 98_362_432, initial: 0, at: 0)
        bar.set(50_000_000, at: 2)
        bar.set(98_362_432, at: 5)
        #expect(bar.stopped == 5)
        let line = bar.render(width: 80)
        let full = String(repeating: "█", count: 18)
        #expect(line == "pulling 1a2b3c4d5e6f: 100% ▕\(full)▏  98 MB" + String(repeating: " ", count: 25))
        #expect(DisplayWidth.of(line) == 79)
    }

    @Test func progressAlreadyCompleteAndUnknownTotal() {
        let done = ProgressBarModel(message: "", total: 10, initial: 10, at: 0)
        #expect(done.stopped == 0)
        #expect(done.render(width: 40).hasPrefix("100% ▕"))
        let unknown = ProgressBarModel(message: "x", total: 0, initial: 0, at: 0)
        #expect(unknown.percent == 0)
        // A terminal too narrow for a bar still renders (no negative repeat counts).
        #expect(ProgressBarModel(message: "x", total: 5, initial: 1, at: 0).render(width: 5).contains("▕▏"))
    }

    @Test func rateUsesSamplesAtMostOncePerSecond() {
        var bar = ProgressBarModel(message: "", total: 1_000_000, initial: 0, at: 0)
        bar.set(100, at: 2)
        bar.set(200, at: 2.5)  // within a second of the last sample: not sampled
        #expect(bar.rate == 50)
        bar.set(500, at: 4)
        #expect(bar.rate == 200)
    }

    @Test func spinnerFrames() {
        var spinner = SpinnerModel(message: "gathering model components", at: 10)
        #expect(spinner.render(at: 10) == "gathering model components ⠋ ")
        #expect(spinner.render(at: 10.25) == "gathering model components ⠹ ")
        #expect(spinner.render(at: 11.05) == "gathering model components ⠋ ")
        spinner.stop()
        #expect(spinner.render(at: 12) == "gathering model components ")
        #expect(SpinnerModel(message: "", at: 0).render(at: 0) == "⠋ ")
    }

    // MARK: - Word wrap

    /// Replays terminal output (printable text, `\n`, `ESC[nD`, `ESC[K`) onto a grid of rows.
    private func screen(_ output: String) -> [String] {
        var rows: [[Character]] = [[]]
        var column = 0
        var characters = Array(output)[...]
        while let character = characters.popFirst() {
            if character == "\n" {
                rows.append([])
                column = 0
            } else if character == "\u{1B}" {
                _ = characters.popFirst()  // [
                var digits = ""
                while let next = characters.first, next.isNumber {
                    digits.append(next)
                    characters.removeFirst()
                }
                let command = characters.popFirst()
                if command == "D" {
                    column -= Int(digits) ?? 1
                } else if command == "K" {
                    rows[rows.count - 1].removeSubrange(min(column, rows[rows.count - 1].count)...)
                }
            } else {
                var row = rows[rows.count - 1]
                while row.count < column { row.append(" ") }
                if column < row.count { row[column] = character } else { row.append(character) }
                rows[rows.count - 1] = row
                column += 1
            }
        }
        return rows.map { String($0) }
    }

    private let text = """
        The quick brown fox jumps over the lazy dog while the seventeen extraordinarily \
        enthusiastic programmers watched the demonstration of streaming output in a terminal.
        Second paragraph here.
        """

    @Test(arguments: [20, 33, 40, 80])
    func wrapsWithoutBreakingWords(width: Int) {
        var wrapper = WordWrapper(width: width)
        // Stream in small chunks, as tokens arrive.
        var output = ""
        var chunk = ""
        for character in text {
            chunk.append(character)
            if chunk.count == 3 {
                output += wrapper.wrap(chunk)
                chunk = ""
            }
        }
        output += wrapper.wrap(chunk)
        let rows = screen(output)
        for row in rows {
            #expect(row.count <= width - 5, "row too wide at \(width): \(row)")
        }
        // Every word survives intact on one row.
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        let shown = rows.flatMap { $0.split(separator: " ") }
        #expect(shown.map(String.init) == words.map(String.init))
        // The paragraph break is kept.
        #expect(rows.contains { $0.hasPrefix("Second") })
    }

    @Test func longWordBreaksAndDisabledPassesThrough() {
        var wrapper = WordWrapper(width: 15)
        let rows = screen(wrapper.wrap("abcdefghijklmnopqrstuvwxyz"))
        #expect(rows == ["abcdefghij", "klmnopqrst", "uvwxyz"])
        var off = WordWrapper(width: 15, enabled: false)
        #expect(off.wrap("abcdefghijklmnopqrstuvwxyz") == "abcdefghijklmnopqrstuvwxyz")
        var narrow = WordWrapper(width: 9)
        #expect(narrow.wrap("a b c d e f g h") == "a b c d e f g h")
    }
}
