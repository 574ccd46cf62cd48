import Foundation

/// The Modelfile lexer/parser: an explicit rune state machine, as ollama's `parser.ParseFile`.
///
/// ```
/// none      ─ "#" → comment ─ newline → none
/// none      ─ space/newline → none;  other → name
/// name      ─ [A-Za-z] → name;  space/tab → value (or parameter / message, by the name)
/// parameter ─ [A-Za-z0-9_] → parameter;  space/tab → value
/// message   ─ [A-Za-z] → message;  space/tab → value
/// value     ─ newline → none, but only when the trimmed text so far unquotes
///             (balanced `"…"` / `"""…"""`); spaces and unbalanced newlines stay in the value
/// ```
/// Runes that are not printable (Go `strconv.IsPrint`) are dropped, except spaces and newlines
/// kept inside a value. Line numbers count every `\r` and `\n`.
extension Modelfile {
    private enum State { case none, name, value, parameter, message, comment }

    /// Parses Modelfile bytes (UTF-8; a UTF-8 or UTF-16 byte-order mark selects the encoding).
    public static func parse(data: Data) throws -> Modelfile {
        try parse(decodeText(data))
    }

    /// Parses Modelfile text.
    /// - Throws: `ModelfileError` with ollama's message and line number.
    public static func parse(_ text: String) throws -> Modelfile {
        var commands: [Command] = []
        var command = Command(name: "", args: "")
        var state = State.none
        var line = 1
        var buffer = String.UnicodeScalarView()
        var role = ""

        for scalar in text.unicodeScalars {
            if isNewline(scalar) { line += 1 }
            var (next, rune) = try transition(scalar, from: state, line: line, buffer: buffer)
            if next != state {
                switch state {
                case .name:
                    let word = String(buffer)
                    guard isValidCommand(word) else {
                        throw ModelfileError(line: line, message: ModelfileError.invalidCommand)
                    }
                    let lower = word.lowercased()
                    switch lower {
                    case "from": command.name = "model"
                    case "parameter": next = .parameter
                    case "message":
                        next = .message
                        command.name = lower
                    default: command.name = lower
                    }
                case .parameter:
                    command.name = String(buffer)
                case .message:
                    let word = String(buffer)
                    guard ["system", "user", "assistant"].contains(word) else {
                        throw ModelfileError(line: line, message: ModelfileError.invalidMessageRole)
                    }
                    role = word
                case .comment, .none:
                    break
                case .value:
                    guard let value = unquote(trimmed(buffer)), !isSpace(scalar) else {
                        buffer.append(scalar)  // not the end of the value: keep the rune as is
                        continue
                    }
                    command.args = role.isEmpty ? value : role + ": " + value
                    role = ""
                    commands.append(command)
                }
                buffer = String.UnicodeScalarView()
                state = next
            }
            if let r = rune, isPrint(r) { buffer.append(r) }
            rune = nil
        }

        switch state {
        case .comment, .none:
            break
        case .value:
            guard let value = unquote(trimmed(buffer)) else {
                throw ModelfileError(message: ModelfileError.unexpectedEOF)
            }
            command.args = role.isEmpty ? value : role + ": " + value
            commands.append(command)
        default:
            throw ModelfileError(message: ModelfileError.unexpectedEOF)
        }
        guard commands.contains(where: { $0.name == "model" }) else {
            throw ModelfileError(message: ModelfileError.missingFrom)
        }
        return Modelfile(commands: commands)
    }

    /// One step of the state machine: the next state and the rune to buffer (nil for none).
    private static func transition(_ r: Unicode.Scalar, from state: State, line: Int,
                                   buffer: String.UnicodeScalarView) throws -> (State, Unicode.Scalar?) {
        switch state {
        case .none:
            if r == "#" { return (.comment, nil) }
            if isSpace(r) || isNewline(r) { return (.none, nil) }
            return (.name, r)
        case .name:
            if isAlpha(r) { return (.name, r) }
            if isSpace(r) { return (.value, nil) }
            throw ModelfileError(line: line, message: ModelfileError.invalidCommand)
        case .value:
            if isNewline(r) || isSpace(r) { return (.none, r) }
            return (.value, r)
        case .parameter:
            if isAlpha(r) || isDigit(r) || r == "_" { return (.parameter, r) }
            if isSpace(r) { return (.value, nil) }
            throw ModelfileError(message: ModelfileError.unexpectedEOF + ": " + String(buffer))
        case .message:
            if isAlpha(r) { return (.message, r) }
            if isSpace(r) { return (.value, nil) }
            throw ModelfileError(message: ModelfileError.unexpectedEOF + ": " + String(buffer))
        case .comment:
            return (isNewline(r) ? .none : .comment, nil)
        }
    }

    private static func isValidCommand(_ word: String) -> Bool {
        ["from", "license", "template", "system", "adapter", "draft", "renderer", "parser", "parameter", "message",
         "requires"].contains(word.lowercased())
    }

    private static func isAlpha(_ r: Unicode.Scalar) -> Bool { ("a"..."z").contains(r) || ("A"..."Z").contains(r) }
    private static func isDigit(_ r: Unicode.Scalar) -> Bool { ("0"..."9").contains(r) }
    private static func isSpace(_ r: Unicode.Scalar) -> Bool { r == " " || r == "\t" }
    private static func isNewline(_ r: Unicode.Scalar) -> Bool { r == "\r" || r == "\n" }

    /// Go `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static func isPrint(_ r: Unicode.Scalar) -> Bool {
        if r == " " { return true }
        switch r.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// Go `strings.TrimSpace` (Unicode white space) of the buffered value.
    private static func trimmed(_ buffer: String.UnicodeScalarView) -> String {
        var scalars = Substring.UnicodeScalarView(buffer)
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Decodes bytes as UTF-8, or as UTF-16 when a UTF-16 byte-order mark is present; a UTF-8
    /// BOM is dropped. Invalid sequences become U+FFFD.
    static func decodeText(_ data: Data) -> String {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return String(decoding: bytes.dropFirst(3), as: UTF8.self) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let little = bytes[0] == 0xFF
            var units: [UInt16] = []
            var i = 2
            while i + 1 < bytes.count {
                let (a, b) = (UInt16(bytes[i]), UInt16(bytes[i + 1]))
                units.append(little ? a | b << 8 : a << 8 | b)
                i += 2
            }
            return String(decoding: units, as: UTF16.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
