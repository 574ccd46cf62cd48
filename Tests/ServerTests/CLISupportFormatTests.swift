import Server
import Testing

/// Sizes, relative times, Go duration text and table layout as ollama prints them.
@Suite struct CLISupportFormatTests {
    // Cases from ollama's format/bytes_test.go and bytes_edge_cases_test.go.
    @Test(arguments: [
        (Int64(0), "0 B"), (1, "1 B"), (999, "999 B"), (1000, "1 KB"), (1500, "1.5 KB"), (999_999, "999 KB"),
        (1_000_000, "1 MB"), (1_500_000, "1.5 MB"), (999_999_999, "999 MB"), (1_000_000_000, "1 GB"),
        (1_500_000_000, "1.5 GB"), (999_999_999_999, "999 GB"), (1_000_000_000_000, "1 TB"),
        (1_500_000_000_000, "1.5 TB"), (1_999_999_999_999, "2.0 TB"), (1234, "1.2 KB"), (1_234_567, "1.2 MB"),
        (1_234_567_890, "1.2 GB"), (-1, "-1 B"), (-1500, "-1500 B"), (Int64.max, "9223372 TB"),
        (2000, "2 KB"), (2100, "2.1 KB"), (10_500, "10 KB"), (15_700_000, "15 MB"), (99_900_000_000, "99 GB"),
        (1010, "1.0 KB"), (1050, "1.1 KB"), (1_009_000, "1.0 MB"), (98_362_432, "98 MB"),
    ])
    func humanBytes(bytes: Int64, text: String) {
        #expect(HumanBytes.format(bytes) == text)
    }

    private let now = 1_800_000_000.0

    @Test func humanTimeMatchesOllama() {
        #expect(HumanTime.format(nil, now: now) == "Never")
        #expect(HumanTime.format(now - 120, now: now) == "2 minutes ago")
        #expect(HumanTime.format(now - 60, now: now) == "About a minute ago")
        #expect(HumanTime.format(now - 119, now: now) == "About a minute ago")
        #expect(HumanTime.format(now - 1, now: now) == "1 second ago")
        #expect(HumanTime.format(now - 59, now: now) == "59 seconds ago")
        #expect(HumanTime.format(now - 3600, now: now) == "About an hour ago")
        #expect(HumanTime.format(now - 3 * 86_400, now: now) == "3 days ago")
        #expect(HumanTime.format(now - 48 * 3600, now: now) == "2 days ago")
        #expect(HumanTime.format(now - 15 * 86_400, now: now) == "2 weeks ago")
        #expect(HumanTime.format(now + 48 * 3600, now: now) == "2 days from now")
        #expect(HumanTime.format(now + 0.8, now: now) == "Less than a second from now")
        #expect(HumanTime.format(now + 200 * 365 * 86_400, now: now) == "Forever")
    }

    // ollama's TestHumanDurationYearBoundary: the rounded hour count picks both branch and label.
    private static let yearBoundaryCases: [(Double, String)] = [
        (17519 * 3600 + 20 * 60, "24 months"), (17519 * 3600 + 30 * 60, "2 years"),
        (17519 * 3600 + 59 * 60, "2 years"), (17520 * 3600, "2 years"), (26279 * 3600 + 40 * 60, "3 years"),
    ]

    @Test(arguments: yearBoundaryCases)
    func yearBoundary(seconds: Double, text: String) {
        #expect(HumanTime.duration(seconds) == text)
    }

    @Test func untilColumn() {
        #expect(HumanTime.until(now + 240, now: now) == "4 minutes from now")
        #expect(HumanTime.until(now - 1, now: now) == "Stopping...")
        #expect(HumanTime.until(now + 300 * 365 * 86_400, now: now) == "Forever")
        #expect(HumanTime.until(nil, now: now) == "Never")
    }

    @Test(arguments: [
        (Int64(0), "0s"), (1_000_000_000, "1s"), (1_500_000_000, "1.5s"), (300_000_000, "300ms"),
        (2_000, "2\u{00B5}s"), (10, "10ns"), (90_000_000_000, "1m30s"), (3_600_000_000_000, "1h0m0s"),
        (-300_000_000_000, "-5m0s"), (3_723_004_000_000, "1h2m3.004s"),
    ])
    func goDurationString(nanoseconds: Int64, text: String) {
        #expect(GoDurationFormat.string(nanoseconds: nanoseconds) == text)
    }

    @Test func progressEta() {
        #expect(GoDurationFormat.eta(seconds: 1) == "1s")
        #expect(GoDurationFormat.eta(seconds: 3599) == "59m59s")
        #expect(GoDurationFormat.eta(seconds: 3 * 3600 + 25 * 60 + 9) == "3h25m")
        #expect(GoDurationFormat.eta(seconds: 101 * 3600) == "99h+")
    }

    /// `ollama list` output as printed by ollama (from a user's terminal); ollama pads every
    /// cell, so lines carry trailing spaces.
    @Test func listTableLayout() {
        var table = TableWriter(header: ["NAME", "ID", "SIZE", "MODIFIED"])
        table.append(["qwen3:8b-40k", "b891e3e3f240", "5.2 GB", "7 seconds ago"])
        table.append(["qwen3:8b", "500a1f067a9f", "5.2 GB", "59 minutes ago"])
        table.append(["gemma3:270m", "e7d36fb2c3b3", "291 MB", "4 weeks ago"])
        table.append(["gemma3-doc:latest", "f3ad5bc8c220", "291 MB", "2 months ago"])
        let lines = table.render().split(separator: "\n", omittingEmptySubsequences: false)
        let reference = [
            "NAME                 ID              SIZE      MODIFIED",
            "qwen3:8b-40k         b891e3e3f240    5.2 GB    7 seconds ago",
            "qwen3:8b             500a1f067a9f    5.2 GB    59 minutes ago",
            "gemma3:270m          e7d36fb2c3b3    291 MB    4 weeks ago",
            "gemma3-doc:latest    f3ad5bc8c220    291 MB    2 months ago",
        ]
        #expect(lines.count == reference.count + 1)
        #expect(lines.last == "")
        for (line, expected) in zip(lines, reference) {
            var trimmed = String(line)
            while trimmed.hasSuffix(" ") { trimmed.removeLast() }
            #expect(trimmed == expected)
        }
        // Header ends with one space after the padded last column, rows with four.
        #expect(lines[0] == "NAME                 ID              SIZE      MODIFIED       ")
        #expect(lines[1] == "qwen3:8b-40k         b891e3e3f240    5.2 GB    7 seconds ago     ")
    }

    @Test func emptyTableIsHeaderOnly() {
        #expect(TableWriter(header: ["NAME", "ID", "SIZE", "MODIFIED"]).render() == "NAME    ID    SIZE    MODIFIED \n")
    }

    @Test func longCellsWrapAtThirtyColumns() {
        #expect(TableWriter.wrap("a-very-long-model-name-without-any-spaces:latest") == ["a-very-long-model-name-without-any-spaces:latest"])
        #expect(TableWriter.wrap("one two three four five six seven eight") == ["one two three four five six", "seven eight"])
        var table = TableWriter(header: ["A", "B"])
        table.append(["one two three four five six seven eight", "x"])
        #expect(table.render() == "A" + String(repeating: " ", count: 30) + "B \none two three four five six    x    \nseven eight" + String(repeating: " ", count: 20) + "     \n")
    }

    @Test func displayWidth() {
        #expect(DisplayWidth.of("hello") == 5)
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("e\u{0301}") == 1)
        #expect(DisplayWidth.of("\u{1B}[1mbold\u{1B}[0m") == 4)
        #expect(DisplayWidth.of("👍") == 2)
    }
}
