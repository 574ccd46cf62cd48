import Foundation

/// Splits template source into tokens, following Go's `text/template/parse/lex.go`.
///
/// Text outside `{{ }}` becomes `.text` (trimmed by `{{- ` / ` -}}`: a dash plus one ASCII
/// space, tab, CR or LF removes all adjacent whitespace). Comments `{{/* */}}` vanish. Inside an
/// action, whitespace (newlines included) separates operands. A lexical error ends the stream
/// with an `.error` token.
struct TemplateLexer {
    enum Kind: Equatable {
        case text(String)
        case leftDelim, rightDelim, space, pipe, leftParen, rightParen, declare, assign, comma
        case field(String)  // ".Name"
        case variable(String)  // "$x" or "$"
        case dot
        case identifier(String)
        case keyword(String)  // if else end range with break continue define template block nil
        case bool(Bool)
        case number(String)
        case charConstant(String)
        case string(String)  // already unquoted
        case char(UInt8)  // any other single ASCII character
        case eof
        case error(String)
    }

    struct Token {
        var kind: Kind
        var line: Int
    }

    private let src: [UInt8]
    private var pos = 0
    private var line = 1
    private var parenDepth = 0
    private(set) var tokens: [Token] = []

    private static let keywords: Set<String> = ["if", "else", "end", "range", "with", "break", "continue", "define", "template", "block", "nil"]

    /// Lexes the whole source.
    static func tokenize(_ source: String) -> [Token] {
        var lexer = TemplateLexer(src: Array(source.utf8))
        lexer.run()
        return lexer.tokens
    }

    private init(src: [UInt8]) { self.src = src }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A }
    private static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c >= 0x80
    }

    private func hasPrefix(_ s: StaticString, at i: Int) -> Bool {
        let count = s.utf8CodeUnitCount
        guard i + count <= src.count else { return false }
        return s.withUTF8Buffer { buf in
            for k in 0..<count where src[i + k] != buf[k] { return false }
            return true
        }
    }

    private mutating func emit(_ kind: Kind, line tokenLine: Int? = nil) {
        tokens.append(Token(kind: kind, line: tokenLine ?? line))
    }

    private mutating func countLines(_ from: Int, _ to: Int) {
        for i in from..<to where src[i] == 0x0A { line += 1 }
    }

    /// `-}}` preceded by a space: the right trim marker, then the delimiter.
    private func atRightDelim(_ i: Int) -> (delim: Bool, trim: Bool) {
        if i + 1 < src.count, TemplateLexer.isSpace(src[i]), src[i + 1] == UInt8(ascii: "-"), hasPrefix("}}", at: i + 2) {
            return (true, true)
        }
        return (hasPrefix("}}", at: i), false)
    }

    private mutating func run() {
        while true {
            // Text up to the next "{{".
            var end = pos
            while end < src.count, !hasPrefix("{{", at: end) { end += 1 }
            let textStart = pos
            let textLine = line
            if end >= src.count {
                if end > textStart { emit(.text(String(decoding: src[textStart..<end], as: UTF8.self)), line: textLine) }
                countLines(textStart, end)
                pos = end
                emit(.eof)
                return
            }
            let trimLeft = end + 3 < src.count && src[end + 2] == UInt8(ascii: "-") && TemplateLexer.isSpace(src[end + 3])
            var textEnd = end
            if trimLeft {
                while textEnd > textStart, TemplateLexer.isSpace(src[textEnd - 1]) { textEnd -= 1 }
            }
            if textEnd > textStart { emit(.text(String(decoding: src[textStart..<textEnd], as: UTF8.self)), line: textLine) }
            countLines(textStart, end)
            pos = end + 2 + (trimLeft ? 2 : 0)
            // Comment?
            if hasPrefix("/*", at: pos) {
                guard lexComment() else { return }
                continue
            }
            emit(.leftDelim)
            guard lexInsideAction() else { return }
        }
    }

    /// Skips `/* … */` and the closing delimiter; false after an error.
    private mutating func lexComment() -> Bool {
        let start = pos
        var i = pos + 2
        while i + 1 < src.count, !(src[i] == UInt8(ascii: "*") && src[i + 1] == UInt8(ascii: "/")) { i += 1 }
        guard i + 1 < src.count else {
            emit(.error("unclosed comment"))
            return false
        }
        i += 2
        countLines(start, i)
        let (delim, trim) = atRightDelim(i)
        guard delim else {
            emit(.error("comment ends before closing delimiter"))
            return false
        }
        pos = i + (trim ? 2 : 0) + 2
        if trim { skipSpaceAfterTrim() }
        return true
    }

    private mutating func skipSpaceAfterTrim() {
        let start = pos
        while pos < src.count, TemplateLexer.isSpace(src[pos]) { pos += 1 }
        countLines(start, pos)
    }

    /// Lexes tokens up to and including the right delimiter; false after an error or EOF.
    private mutating func lexInsideAction() -> Bool {
        while true {
            let (delim, trim) = atRightDelim(pos)
            if delim {
                if parenDepth != 0 {
                    emit(.error("unclosed left paren"))
                    return false
                }
                if trim { pos += 2 }
                emit(.rightDelim)
                pos += 2
                if trim { skipSpaceAfterTrim() }
                return true
            }
            guard pos < src.count else {
                emit(.error("unclosed action"))
                return false
            }
            let c = src[pos]
            switch c {
            case 0x20, 0x09, 0x0D, 0x0A:
                let start = pos
                // A space run stops before a right trim marker (" -}}").
                while pos < src.count, TemplateLexer.isSpace(src[pos]), !atRightDelim(pos).trim { pos += 1 }
                countLines(start, pos)
                emit(.space)
            case UInt8(ascii: "="):
                pos += 1
                emit(.assign)
            case UInt8(ascii: ":"):
                guard pos + 1 < src.count, src[pos + 1] == UInt8(ascii: "=") else {
                    emit(.error("expected :="))
                    return false
                }
                pos += 2
                emit(.declare)
            case UInt8(ascii: "|"):
                pos += 1
                emit(.pipe)
            case UInt8(ascii: ","):
                pos += 1
                emit(.comma)
            case UInt8(ascii: "\""):
                guard lexQuote() else { return false }
            case UInt8(ascii: "`"):
                guard lexRawQuote() else { return false }
            case UInt8(ascii: "'"):
                guard lexChar() else { return false }
            case UInt8(ascii: "$"):
                let start = pos
                pos += 1
                while pos < src.count, TemplateLexer.isAlnum(src[pos]) { pos += 1 }
                emit(.variable(String(decoding: src[start..<pos], as: UTF8.self)))
            case UInt8(ascii: "."):
                if pos + 1 < src.count, src[pos + 1] >= 0x30, src[pos + 1] <= 0x39 {
                    guard lexNumber() else { return false }
                } else {
                    let start = pos
                    pos += 1
                    while pos < src.count, TemplateLexer.isAlnum(src[pos]) { pos += 1 }
                    if pos == start + 1 { emit(.dot) } else { emit(.field(String(decoding: src[start..<pos], as: UTF8.self))) }
                }
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard lexNumber() else { return false }
            case UInt8(ascii: "("):
                pos += 1
                parenDepth += 1
                emit(.leftParen)
            case UInt8(ascii: ")"):
                pos += 1
                parenDepth -= 1
                if parenDepth < 0 {
                    emit(.error("unexpected right paren"))
                    return false
                }
                emit(.rightParen)
            default:
                if TemplateLexer.isAlnum(c) {
                    let start = pos
                    while pos < src.count, TemplateLexer.isAlnum(src[pos]) { pos += 1 }
                    let word = String(decoding: src[start..<pos], as: UTF8.self)
                    if word == "true" || word == "false" {
                        emit(.bool(word == "true"))
                    } else if TemplateLexer.keywords.contains(word) {
                        emit(.keyword(word))
                    } else {
                        emit(.identifier(word))
                    }
                } else if c < 0x80 && c >= 0x21 {
                    pos += 1
                    emit(.char(c))
                } else {
                    emit(.error("unrecognized character in action: U+\(String(format: "%04X", Int(c)))"))
                    return false
                }
            }
        }
    }

    private mutating func lexNumber() -> Bool {
        let start = pos
        if src[pos] == UInt8(ascii: "+") || src[pos] == UInt8(ascii: "-") { pos += 1 }
        var digits: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 || $0 == 0x5F }
        var expChars: Set<UInt8> = [UInt8(ascii: "e"), UInt8(ascii: "E")]
        if pos + 1 < src.count, src[pos] == UInt8(ascii: "0") {
            switch src[pos + 1] {
            case UInt8(ascii: "x"), UInt8(ascii: "X"):
                pos += 2
                digits = { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46) || $0 == 0x5F }
                expChars = [UInt8(ascii: "p"), UInt8(ascii: "P")]
            case UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "b"), UInt8(ascii: "B"):
                pos += 2
            default: break
            }
        }
        while pos < src.count, digits(src[pos]) { pos += 1 }
        if pos < src.count, src[pos] == UInt8(ascii: ".") {
            pos += 1
            while pos < src.count, digits(src[pos]) { pos += 1 }
        }
        if pos < src.count, expChars.contains(src[pos]) {
            pos += 1
            if pos < src.count, src[pos] == UInt8(ascii: "+") || src[pos] == UInt8(ascii: "-") { pos += 1 }
            while pos < src.count, src[pos] >= 0x30 && src[pos] <= 0x39 || src[pos] == 0x5F { pos += 1 }
        }
        if pos < src.count, src[pos] == UInt8(ascii: "i") { pos += 1 }
        let text = String(decoding: src[start..<pos], as: UTF8.self)
        if pos < src.count, TemplateLexer.isAlnum(src[pos]) || src[pos] == UInt8(ascii: ".") {
            pos += 1
            emit(.error("bad number syntax: \"\(String(decoding: src[start..<pos], as: UTF8.self))\""))
            return false
        }
        emit(.number(text))
        return true
    }

    private mutating func lexQuote() -> Bool {
        pos += 1
        var out: [UInt8] = []
        while pos < src.count {
            let c = src[pos]
            if c == UInt8(ascii: "\"") {
                pos += 1
                emit(.string(String(decoding: out, as: UTF8.self)))
                return true
            }
            if c == 0x0A { break }
            if c == UInt8(ascii: "\\") {
                guard let scalar = unescape(quote: UInt8(ascii: "\"")) else {
                    emit(.error("unterminated quoted string"))
                    return false
                }
                out.append(contentsOf: scalar)
                continue
            }
            out.append(c)
            pos += 1
        }
        emit(.error("unterminated quoted string"))
        return false
    }

    /// Decodes one Go escape sequence at `pos` (which is at the backslash).
    private mutating func unescape(quote: UInt8) -> [UInt8]? {
        guard pos + 1 < src.count else { return nil }
        let e = src[pos + 1]
        pos += 2
        func hex(_ n: Int) -> UInt32? {
            guard pos + n <= src.count, let v = UInt32(String(decoding: src[pos..<pos + n], as: UTF8.self), radix: 16) else { return nil }
            pos += n
            return v
        }
        switch e {
        case UInt8(ascii: "n"): return [0x0A]
        case UInt8(ascii: "t"): return [0x09]
        case UInt8(ascii: "r"): return [0x0D]
        case UInt8(ascii: "a"): return [0x07]
        case UInt8(ascii: "b"): return [0x08]
        case UInt8(ascii: "f"): return [0x0C]
        case UInt8(ascii: "v"): return [0x0B]
        case UInt8(ascii: "\\"): return [0x5C]
        case quote: return [quote]
        case UInt8(ascii: "x"): return hex(2).map { [UInt8($0)] }
        case UInt8(ascii: "u"): return hex(4).flatMap(Unicode.Scalar.init).map { Array(String(Character($0)).utf8) }
        case UInt8(ascii: "U"): return hex(8).flatMap(Unicode.Scalar.init).map { Array(String(Character($0)).utf8) }
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            pos -= 1
            guard pos + 3 <= src.count, let v = UInt8(String(decoding: src[pos..<pos + 3], as: UTF8.self), radix: 8) else { return nil }
            pos += 3
            return [v]
        default: return nil
        }
    }

    private mutating func lexRawQuote() -> Bool {
        let start = pos + 1
        var i = start
        while i < src.count, src[i] != UInt8(ascii: "`") { i += 1 }
        guard i < src.count else {
            emit(.error("unterminated raw quoted string"))
            return false
        }
        emit(.string(String(decoding: src[start..<i], as: UTF8.self)))
        countLines(start, i)
        pos = i + 1
        return true
    }

    private mutating func lexChar() -> Bool {
        pos += 1
        var bytes: [UInt8] = []
        if pos < src.count, src[pos] == UInt8(ascii: "\\") {
            guard let b = unescape(quote: UInt8(ascii: "'")) else {
                emit(.error("unterminated character constant"))
                return false
            }
            bytes = b
        } else {
            while pos < src.count, src[pos] != UInt8(ascii: "'"), src[pos] != 0x0A { bytes.append(src[pos]); pos += 1 }
        }
        guard pos < src.count, src[pos] == UInt8(ascii: "'"), let scalar = String(decoding: bytes, as: UTF8.self).unicodeScalars.first else {
            emit(.error("unterminated character constant"))
            return false
        }
        pos += 1
        emit(.charConstant(String(scalar.value)))
        return true
    }
}
