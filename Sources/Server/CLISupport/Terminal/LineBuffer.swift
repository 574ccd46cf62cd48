/// The text being edited at the prompt and the cursor in it, with Emacs-style editing.
///
/// Lines ended by a pasted newline are `committed` (shown above, no longer editable); `line` is the
/// text after the last newline, where the cursor moves. `text` is everything.
package struct LineBuffer: Equatable, Sendable {
    /// Earlier lines of a multi-line paste, each ending in `\n`.
    package private(set) var committed = ""
    /// The editable current line, as characters (grapheme clusters).
    package private(set) var line: [Character] = []
    /// Cursor index into `line`, 0...line.count.
    package private(set) var cursor = 0

    package init(_ text: String = "") {
        replace(with: text)
    }

    /// The whole entry: committed lines followed by the current line.
    package var text: String { committed + String(line) }

    package var isEmpty: Bool { committed.isEmpty && line.isEmpty }

    /// Replaces the contents (history recall); the cursor goes to the end.
    package mutating func replace(with text: String) {
        if let newline = text.lastIndex(of: "\n") {
            committed = String(text[...newline])
            line = Array(text[text.index(after: newline)...])
        } else {
            committed = ""
            line = Array(text)
        }
        cursor = line.count
    }

    /// Inserts text at the cursor; a newline commits the current line.
    package mutating func insert(_ text: String) {
        for character in text {
            if character == "\n" || character == "\r\n" {
                commitLine()
            } else {
                line.insert(character, at: cursor)
                cursor += 1
            }
        }
    }

    /// Splits the current line at the cursor: the text before it becomes a committed line, the
    /// text after it starts the new current line.
    package mutating func commitLine() {
        committed += String(line[..<cursor]) + "\n"
        line.removeSubrange(..<cursor)
        cursor = 0
    }

    package mutating func moveLeft() { cursor = max(0, cursor - 1) }
    package mutating func moveRight() { cursor = min(line.count, cursor + 1) }
    package mutating func moveHome() { cursor = 0 }
    package mutating func moveEnd() { cursor = line.count }

    /// Deletes the character before the cursor.
    package mutating func backspace() {
        guard cursor > 0 else { return }
        line.remove(at: cursor - 1)
        cursor -= 1
    }

    /// Deletes the character under the cursor.
    package mutating func deleteForward() {
        guard cursor < line.count else { return }
        line.remove(at: cursor)
    }

    /// Ctrl-K: deletes from the cursor to the end of the line.
    package mutating func killToEnd() {
        line.removeSubrange(cursor...)
    }

    /// Ctrl-U: deletes from the start of the line to the cursor.
    package mutating func killToStart() {
        line.removeSubrange(..<cursor)
        cursor = 0
    }

    /// Ctrl-W: deletes the word before the cursor and the spaces after it.
    package mutating func deleteWordBackward() {
        let start = wordStart(before: cursor)
        line.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Alt-B: moves to the start of the previous word.
    package mutating func moveWordLeft() {
        cursor = wordStart(before: cursor)
    }

    /// Alt-F: moves past the end of the next word.
    package mutating func moveWordRight() {
        var index = cursor
        while index < line.count && line[index] == " " { index += 1 }
        while index < line.count && line[index] != " " { index += 1 }
        cursor = index
    }

    private func wordStart(before position: Int) -> Int {
        var index = position
        while index > 0 && line[index - 1] == " " { index -= 1 }
        while index > 0 && line[index - 1] != " " { index -= 1 }
        return index
    }
}

/// The REPL's history: newest last, at most `limit` entries, browsed with Up/Down.
///
/// Browsing keeps the line being typed so Down past the newest entry brings it back.
package struct LineHistory: Sendable {
    package private(set) var entries: [String]
    package let limit: Int
    private var position: Int
    private var draft = ""

    package init(entries: [String] = [], limit: Int = 100) {
        self.limit = limit
        self.entries = Array(entries.suffix(limit))
        self.position = self.entries.count
    }

    /// Parses a history file: one entry per line, blank lines skipped.
    package init(fileContents: String, limit: Int = 100) {
        self.init(entries: fileContents.split(separator: "\n").map(String.init).filter { !$0.isEmpty }, limit: limit)
    }

    /// The file text for the entries.
    package var fileContents: String {
        entries.map { $0 + "\n" }.joined()
    }

    /// Adds an entry (skipping empty ones and an immediate repeat) and resets browsing.
    package mutating func add(_ entry: String) {
        if !entry.isEmpty && entries.last != entry {
            entries.append(entry)
            if entries.count > limit { entries.removeFirst(entries.count - limit) }
        }
        position = entries.count
        draft = ""
    }

    /// The previous (older) entry, or nil at the oldest; `current` is the text being edited.
    package mutating func previous(current: String) -> String? {
        guard position > 0 else { return nil }
        if position == entries.count { draft = current }
        position -= 1
        return entries[position]
    }

    /// The next (newer) entry, the saved draft past the newest, or nil when not browsing.
    package mutating func next() -> String? {
        guard position < entries.count else { return nil }
        position += 1
        return position == entries.count ? draft : entries[position]
    }
}
