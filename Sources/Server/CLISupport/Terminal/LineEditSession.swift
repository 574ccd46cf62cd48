/// The REPL prompt: main text, continuation after a pasted newline, dimmed placeholder.
package struct LinePrompt: Sendable, Equatable {
    package var text: String
    package var continuation: String
    package var placeholder: String

    package init(text: String = ">>> ", continuation: String = "... ", placeholder: String = "Send a message (/? for help)") {
        self.text = text
        self.continuation = continuation
        self.placeholder = placeholder
    }
}

/// How an edit ends.
package enum LineEditOutcome: Equatable, Sendable {
    /// Enter: the whole entry (pasted lines joined by `\n`).
    case submit(String)
    /// Ctrl-C.
    case interrupt
    /// Ctrl-D on an empty entry.
    case endOfFile
}

/// The line editor's logic without I/O: keys in, terminal output out.
///
/// Drawing handles text longer than the terminal: it tracks the cursor's row below the start of
/// the current line, so each refresh moves up to that start, clears to the end of the screen,
/// rewrites prompt and text, and places the cursor by display column. Pasted newlines (between
/// bracketed-paste markers) continue the entry on a continuation line instead of submitting.
package struct LineEditSession: Sendable {
    package let prompt: LinePrompt
    /// The terminal width; the caller updates it before each key.
    package var columns: Int
    package private(set) var buffer = LineBuffer()
    package private(set) var history: LineHistory
    private var cursorRow = 0
    private var pasting = false

    /// ollama's `ColorGrey` and the reset, around the placeholder.
    package static let grey = "\u{1B}[38;5;245m"
    package static let reset = "\u{1B}[0m"

    package init(prompt: LinePrompt, columns: Int, history: LineHistory) {
        self.prompt = prompt
        self.columns = columns
        self.history = history
    }

    /// The first draw: prompt and placeholder.
    package mutating func start() -> String {
        refresh()
    }

    /// Handles one key; returns what to write and, when the entry is done, the outcome.
    package mutating func handle(_ key: Key) -> (output: String, outcome: LineEditOutcome?) {
        switch key {
        case .pasteStart:
            pasting = true
        case .pasteEnd:
            pasting = false
        case .enter where pasting:
            return (commitLine(), nil)
        case .enter:
            let text = buffer.text
            history.add(text)
            return (finish(), .submit(text))
        case .interrupt:
            return (finish(), .interrupt)
        case .endOfFile where buffer.isEmpty:
            return (finish(), .endOfFile)
        case .endOfFile:
            buffer.deleteForward()
        case .up:
            guard let entry = history.previous(current: buffer.text) else { return ("", nil) }
            buffer.replace(with: entry)
        case .down:
            guard let entry = history.next() else { return ("", nil) }
            buffer.replace(with: entry)
        case .clearScreen:
            return ("\u{1B}[H\u{1B}[2J" + redrawFromTop(), nil)
        case .character(let character): buffer.insert(String(character))
        case .tab: buffer.insert("    ")
        case .backspace: buffer.backspace()
        case .delete: buffer.deleteForward()
        case .left: buffer.moveLeft()
        case .right: buffer.moveRight()
        case .home: buffer.moveHome()
        case .end: buffer.moveEnd()
        case .wordLeft: buffer.moveWordLeft()
        case .wordRight: buffer.moveWordRight()
        case .killToEnd: buffer.killToEnd()
        case .killToStart: buffer.killToStart()
        case .deleteWordBackward: buffer.deleteWordBackward()
        case .ignored: return ("", nil)
        }
        return (refresh(), nil)
    }

    /// The prompt of the current line.
    private var currentPrompt: String {
        buffer.committed.isEmpty ? prompt.text : prompt.continuation
    }

    /// A pasted newline: end this line on screen and continue on a continuation line.
    private mutating func commitLine() -> String {
        buffer.moveEnd()
        var text = refresh(showPlaceholder: false) + "\n"
        buffer.commitLine()
        cursorRow = 0
        text += refresh(showPlaceholder: false)
        return text
    }

    /// Leaves the cursor on the line below the entry.
    private mutating func finish() -> String {
        buffer.moveEnd()
        let text = refresh(showPlaceholder: false) + "\n"
        cursorRow = 0
        return text
    }

    /// After clearing the screen: committed lines, then the current line.
    private mutating func redrawFromTop() -> String {
        var text = ""
        let lines = buffer.committed.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        for (index, line) in lines.enumerated() {
            text += (index == 0 ? prompt.text : prompt.continuation) + line + "\n"
        }
        cursorRow = 0
        return text + refresh()
    }

    /// Redraws the current line and positions the cursor.
    private mutating func refresh(showPlaceholder: Bool = true) -> String {
        let columns = max(1, self.columns)
        let promptText = currentPrompt
        let lineText = String(buffer.line)
        var text = cursorRow > 0 ? "\u{1B}[\(cursorRow)A" : ""
        text += "\r\u{1B}[J" + promptText + lineText
        let promptWidth = DisplayWidth.of(promptText)
        if showPlaceholder && buffer.isEmpty && !prompt.placeholder.isEmpty {
            let room = max(0, columns - promptWidth - 1)
            let placeholder = String(prompt.placeholder.prefix(room))
            if !placeholder.isEmpty {
                text += Self.grey + placeholder + Self.reset + "\u{1B}[\(DisplayWidth.of(placeholder))D"
            }
            cursorRow = 0
            return text
        }
        let total = promptWidth + DisplayWidth.of(lineText)
        // At an exact multiple of the width the terminal defers the wrap: force it.
        if total > 0 && total % columns == 0 { text += "\n" }
        let endRow = total / columns
        let position = promptWidth + DisplayWidth.of(String(buffer.line[..<buffer.cursor]))
        let row = position / columns
        let column = position % columns
        if endRow > row { text += "\u{1B}[\(endRow - row)A" }
        text += "\r"
        if column > 0 { text += "\u{1B}[\(column)C" }
        cursorRow = row
        return text
    }
}
