/// Wraps streamed text at the terminal width without breaking words, as `ollama run` does.
///
/// Characters are written as they arrive. When a character would pass the right margin
/// (`width - 5` columns, ollama's margin), the partial word already on the line is erased with
/// `ESC[nD ESC[K` and re-written on the next line. A space at the margin becomes the line break.
/// A word longer than a whole line is broken where it overflows. Wide (CJK) characters may break
/// anywhere, as they do in ollama. `width < 10` or `enabled == false` passes text through.
package struct WordWrapper: Sendable {
    package var width: Int
    package var enabled: Bool
    /// Display columns used on the current line.
    package private(set) var column = 0
    private var word = ""
    private var wordWidth = 0

    package init(width: Int, enabled: Bool = true) {
        self.width = width
        self.enabled = enabled
    }

    /// Right margin: the last usable column.
    package var limit: Int { width - 5 }

    /// Consumes a chunk of streamed text and returns the bytes to write to the terminal.
    package mutating func wrap(_ text: String) -> String {
        guard enabled, width >= 10 else { return text }
        var out = ""
        for character in text {
            switch character {
            case "\n", "\r\n":
                out.append(character)
                newLine()
            case "\r":
                out.append(character)
                newLine()
            case " ", "\t":
                let advance = character == " " ? 1 : 8 - column % 8
                if column + advance > limit {
                    out += "\n"
                    newLine()
                } else {
                    out.append(character)
                    column += advance
                    endWord()
                }
            default:
                let characterWidth = DisplayWidth.of(character)
                if column + characterWidth > limit {
                    if !word.isEmpty && wordWidth + characterWidth <= limit {
                        // Move the partial word to the next line.
                        out += "\u{1B}[\(wordWidth)D\u{1B}[K\n" + word
                        column = wordWidth
                    } else {
                        out += "\n"
                        column = 0
                        endWord()
                    }
                }
                out.append(character)
                column += characterWidth
                if characterWidth >= 2 {
                    endWord()
                } else {
                    word.append(character)
                    wordWidth += characterWidth
                }
            }
        }
        return out
    }

    /// Forgets the line state (after the caller printed its own newline).
    package mutating func reset() {
        newLine()
    }

    private mutating func newLine() {
        column = 0
        endWord()
    }

    private mutating func endWord() {
        word = ""
        wordWidth = 0
    }
}
