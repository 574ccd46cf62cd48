import Server
import Testing

/// A minimal VT100 screen: enough of xterm's behaviour (deferred auto-wrap, CR/LF, cursor
/// moves, erase) to replay what the line editor writes and read back what the user sees.
struct VirtualScreen {
    let columns: Int
    private(set) var rows: [[Character]] = [[]]
    private(set) var row = 0
    /// Cursor column; `columns` means a wrap is pending after the last column.
    private(set) var column = 0

    init(columns: Int) {
        self.columns = columns
    }

    /// The visible rows without trailing spaces.
    var lines: [String] {
        rows.map { line in
            var text = String(line)
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
    }

    /// The cursor as (row, column), with a pending wrap shown as the last column.
    var cursor: (row: Int, column: Int) { (row, min(column, columns - 1)) }

    mutating func feed(_ output: String) {
        var characters = Array(output)[...]
        while let character = characters.popFirst() {
            switch character {
            case "\r": column = 0
            case "\n": moveDown()
            case "\u{1B}":
                guard characters.popFirst() == "[" else { continue }
                var parameters = ""
                while let next = characters.first, !next.isLetter {
                    parameters.append(next)
                    characters.removeFirst()
                }
                let final = characters.popFirst()
                escape(parameters, final)
            default: put(character)
            }
        }
    }

    private mutating func moveDown() {
        row += 1
        column = 0
        while rows.count <= row { rows.append([]) }
    }

    private mutating func put(_ character: Character) {
        if column >= columns { moveDown() }
        while rows[row].count < column { rows[row].append(" ") }
        if column < rows[row].count { rows[row][column] = character } else { rows[row].append(character) }
        column += 1
    }

    private mutating func escape(_ parameters: String, _ final: Character?) {
        let count = Int(parameters) ?? 1
        switch final {
        case "A": row = max(0, row - count); column = min(column, columns - 1)
        case "B": row += count; while rows.count <= row { rows.append([]) }
        case "C": column = min(min(column, columns - 1) + count, columns - 1)
        case "D": column = max(0, min(column, columns - 1) - count)
        case "K": if column < rows[row].count { rows[row].removeSubrange(column...) }
        case "J":
            if parameters == "2" {
                rows = rows.map { _ in [] }
            } else {
                if column < rows[row].count { rows[row].removeSubrange(column...) }
                rows.removeSubrange((row + 1)...)
            }
        case "H": row = 0; column = 0
        default: break  // SGR colours, private modes
        }
    }
}

/// Key decoding, buffer editing, history, and the editor's drawing replayed on a virtual screen.
@Suite struct CLISupportLineEditorTests {
    @Test func decodesKeysAndEscapeSequences() {
        var decoder = KeyDecoder()
        let bytes: [UInt8] = Array("hé".utf8) + [0x1B, 0x5B, 0x44] + [0x01, 0x05, 0x03, 0x04, 0x0D, 0x7F]
            + Array("\u{1B}[3~\u{1B}[200~x\u{1B}[201~\u{1B}[A\u{1B}[B\u{1B}OH\u{1B}[F\u{1B}b\u{1B}[1;5C".utf8)
            + [0x0B, 0x15, 0x17, 0x0C, 0x10, 0x0E]
        #expect(decoder.feed(bytes) == [
            .character("h"), .character("é"), .left, .home, .end, .interrupt, .endOfFile, .enter, .backspace,
            .delete, .pasteStart, .character("x"), .pasteEnd, .up, .down, .home, .end, .wordLeft, .wordRight,
            .killToEnd, .killToStart, .deleteWordBackward, .clearScreen, .up, .down,
        ])
        #expect(decoder.feed(Array("日本".utf8)) == [.character("日"), .character("本")])
    }

    @Test func bufferEditing() {
        var buffer = LineBuffer("hello world")
        buffer.moveWordLeft()
        #expect(buffer.cursor == 6)
        buffer.deleteWordBackward()
        #expect(buffer.text == "world")
        buffer.moveEnd()
        buffer.insert(" again")
        buffer.moveHome()
        buffer.deleteForward()
        #expect(buffer.text == "orld again")
        buffer.moveWordRight()
        buffer.killToEnd()
        #expect(buffer.text == "orld")
        buffer.moveLeft()
        buffer.killToStart()
        #expect(buffer.text == "d")
        buffer.insert("a\nb")
        #expect(buffer.committed == "a\n")
        #expect(buffer.text == "a\nbd")
        buffer.backspace()
        #expect(buffer.text == "a\nd")
    }

    @Test func historyBrowsingKeepsTheDraft() {
        var history = LineHistory(fileContents: "first\n\nsecond\n")
        #expect(history.entries == ["first", "second"])
        #expect(history.previous(current: "draft") == "second")
        #expect(history.previous(current: "second") == "first")
        #expect(history.previous(current: "first") == nil)
        #expect(history.next() == "second")
        #expect(history.next() == "draft")
        #expect(history.next() == nil)
        history.add("third")
        history.add("third")
        #expect(history.fileContents == "first\nsecond\nthird\n")
        var small = LineHistory(limit: 2)
        for entry in ["a", "b", "c"] { small.add(entry) }
        #expect(small.entries == ["b", "c"])
    }

    /// Types `keys` into a session drawn on a screen `columns` wide.
    private func session(
        _ keys: [Key], columns: Int = 20, history: LineHistory = LineHistory()
    ) -> (screen: VirtualScreen, outcome: LineEditOutcome?, session: LineEditSession) {
        var session = LineEditSession(prompt: LinePrompt(), columns: columns, history: history)
        var screen = VirtualScreen(columns: columns)
        screen.feed(session.start())
        var outcome: LineEditOutcome?
        for key in keys {
            let (text, result) = session.handle(key)
            screen.feed(text)
            if let result { outcome = result }
        }
        return (screen, outcome, session)
    }

    private func typing(_ text: String) -> [Key] { text.map { Key.character($0) } }

    @Test func emptyPromptShowsPlaceholderWithCursorAfterPrompt() {
        let (screen, _, _) = session([], columns: 80)
        #expect(screen.lines == [">>> Send a message (/? for help)"])
        #expect(screen.cursor == (0, 4))
        // Typing replaces the placeholder.
        let typed = session(typing("hi"), columns: 80)
        #expect(typed.screen.lines == [">>> hi"])
        #expect(typed.screen.cursor == (0, 6))
    }

    @Test func longLinesWrapAndTheCursorFollows() {
        let text = "the quick brown fox jumps over"  // 4 + 30 = 34 columns on a 20-column screen
        var (screen, _, _) = session(typing(text))
        #expect(screen.lines == [">>> the quick brown", "fox jumps over"])
        #expect(screen.cursor == (1, 14))
        (screen, _, _) = session(typing(text) + Array(repeating: .left, count: 15))
        #expect(screen.cursor == (0, 19))
        (screen, _, _) = session(typing(text) + [.home])
        #expect(screen.cursor == (0, 4))
        // Deleting from the middle redraws both rows without leftovers.
        (screen, _, _) = session(typing(text) + [.home, .wordRight, .deleteWordBackward, .delete])
        #expect(screen.lines == [">>> quick brown fox", "jumps over"])
        #expect(screen.cursor == (0, 4))
    }

    @Test func exactWidthMovesTheCursorToTheNextRow() {
        let (screen, _, _) = session(typing("0123456789abcdef"))  // 4 + 16 = 20
        #expect(screen.lines == [">>> 0123456789abcdef", ""])
        #expect(screen.cursor == (1, 0))
        let (more, _, _) = session(typing("0123456789abcdefg") + [.backspace, .backspace])
        #expect(more.lines == [">>> 0123456789abcde"])
        #expect(more.cursor == (0, 19))
    }

    @Test func enterSubmitsAndLeavesTheLine() {
        let (screen, outcome, session) = session(typing("hello") + [.enter])
        #expect(outcome == .submit("hello"))
        #expect(screen.lines == [">>> hello", ""])
        #expect(screen.cursor == (1, 0))
        #expect(session.history.entries == ["hello"])
    }

    @Test func interruptAndEndOfFile() {
        #expect(session(typing("abc") + [.interrupt]).outcome == .interrupt)
        #expect(session([.endOfFile]).outcome == .endOfFile)
        // Ctrl-D with text deletes under the cursor instead.
        let (screen, outcome, _) = session(typing("abc") + [.home, .endOfFile])
        #expect(outcome == nil)
        #expect(screen.lines == [">>> bc"])
    }

    @Test func bracketedPasteKeepsNewlines() {
        let keys: [Key] = [.pasteStart] + typing("one") + [.enter] + typing("two") + [.pasteEnd, .enter]
        let (screen, outcome, _) = session(keys, columns: 40)
        #expect(outcome == .submit("one\ntwo"))
        #expect(screen.lines == [">>> one", "... two", ""])
    }

    @Test func historyRecallWithArrows() {
        let history = LineHistory(entries: ["first question", "second"])
        var (screen, _, _) = session(typing("dra") + [.up, .up], history: history)
        #expect(screen.lines == [">>> first question"])
        (screen, _, _) = session(typing("dra") + [.up, .up, .down, .down], history: history)
        #expect(screen.lines == [">>> dra"])
    }

    @Test func wideCharactersUseTwoColumns() {
        let (screen, _, _) = session(typing("日本語") + [.left])
        #expect(screen.cursor == (0, 8))
    }
}
