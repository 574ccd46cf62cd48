import Engine

/// Grammar building blocks for JSON text (RFC 8259) with bounded whitespace.
///
/// Whitespace between tokens is nothing, one space, or a newline followed by at most
/// `maxIndent` spaces, so a constrained model can pretty-print but never pad forever.
/// Numbers have bounded digit counts; strings are unbounded (their bytes are free).
enum JSONGrammar {
    /// Spaces allowed after a newline.
    static let maxIndent = 16
    /// Digits allowed in the integer part, the fraction and the exponent.
    static let integerDigits = 16
    static let fractionDigits = 16
    static let exponentDigits = 3

    static let digit = ByteSet(range: UInt8(ascii: "0")...UInt8(ascii: "9"))
    static let nonZeroDigit = ByteSet(range: UInt8(ascii: "1")...UInt8(ascii: "9"))
    static let hexDigit = digit.union(ByteSet(range: UInt8(ascii: "a")...UInt8(ascii: "f")))
        .union(ByteSet(range: UInt8(ascii: "A")...UInt8(ascii: "F")))

    /// String bytes that need no escape: everything from 0x20 but `"` and `\` (bytes ≥ 0x80 free).
    static let plainStringByte = ByteSet(range: 0x20...0xFF).subtracting(ByteSet([UInt8(ascii: "\""), UInt8(ascii: "\\")]))

    /// Bounded whitespace: "", " ", or "\n" + up to `maxIndent` spaces.
    static var whitespace: GrammarExpression {
        .choice([.empty, .text(" "), .sequence([.text("\n"), .repetition(.text(" "), min: 0, max: maxIndent)])])
    }

    /// An escape sequence inside a string: `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, `\uXXXX`.
    static var escape: GrammarExpression {
        .sequence([
            .text("\\"),
            .choice([.bytes(ByteSet(Array("\"\\/bfnrt".utf8))),
                     .sequence([.text("u"), .repetition(.bytes(hexDigit), min: 4, max: 4)])]),
        ])
    }

    /// One byte of string content, or an escape.
    static var stringByte: GrammarExpression { .choice([.bytes(plainStringByte), escape]) }

    /// One character of string content: an ASCII character, a UTF-8 sequence, or an escape
    /// (for length limits, which count characters).
    static var stringCharacter: GrammarExpression {
        let ascii = ByteSet(range: 0x20...0x7F).subtracting(ByteSet([UInt8(ascii: "\""), UInt8(ascii: "\\")]))
        return .choice([.bytes(ascii), utf8Sequence, escape])
    }

    /// A non-ASCII UTF-8 sequence (lead byte and its continuation bytes).
    static var utf8Sequence: GrammarExpression {
        let cont = GrammarExpression.bytes(ByteSet(range: 0x80...0xBF))
        return .choice([
            .sequence([.bytes(ByteSet(range: 0xC2...0xDF)), cont]),
            .sequence([.bytes(ByteSet(range: 0xE0...0xEF)), cont, cont]),
            .sequence([.bytes(ByteSet(range: 0xF0...0xF4)), cont, cont, cont]),
        ])
    }

    /// Any JSON string.
    static var string: GrammarExpression { .sequence([.text("\""), .star(stringByte), .text("\"")]) }

    /// A string of `min...max` characters.
    static func string(minLength: Int, maxLength: Int?) -> GrammarExpression {
        .sequence([.text("\""), .repetition(stringCharacter, min: minLength, max: maxLength), .text("\"")])
    }

    /// An integer: `-`? (`0` | [1-9][0-9]*), digits bounded; `negative: false` drops the sign.
    static func integer(negative: Bool = true, positive: Bool = false) -> GrammarExpression {
        let magnitude: GrammarExpression = .sequence([.bytes(nonZeroDigit),
                                                      .repetition(.bytes(digit), min: 0, max: integerDigits - 1)])
        let unsigned: GrammarExpression = positive ? magnitude : .choice([.text("0"), magnitude])
        return negative ? .sequence([.optional(.text("-")), unsigned]) : unsigned
    }

    /// A number: integer, optional fraction, optional exponent.
    static func number(negative: Bool = true) -> GrammarExpression {
        .sequence([
            integer(negative: negative),
            .optional(.sequence([.text("."), .repetition(.bytes(digit), min: 1, max: fractionDigits)])),
            .optional(.sequence([.bytes(ByteSet(Array("eE".utf8))), .optional(.bytes(ByteSet(Array("+-".utf8)))),
                                 .repetition(.bytes(digit), min: 1, max: exponentDigits)])),
        ])
    }

    /// `{` members `}` where members are `member`, comma-separated (any count).
    static func object(member: GrammarExpression) -> GrammarExpression {
        .sequence([
            .text("{"), whitespace,
            .optional(.sequence([member, .star(.sequence([.text(","), whitespace, member])), whitespace])),
            .text("}"),
        ])
    }

    /// `[` items `]` with `min...max` items.
    static func array(item: GrammarExpression, min: Int = 0, max: Int? = nil) -> GrammarExpression {
        if max == 0 { return .sequence([.text("["), whitespace, .text("]")]) }
        let rest = GrammarExpression.repetition(.sequence([.text(","), whitespace, item]),
                                                min: Swift.max(min - 1, 0), max: max.map { $0 - 1 })
        let items = GrammarExpression.sequence([item, rest, whitespace])
        return .sequence([.text("["), whitespace, min > 0 ? items : .optional(items), .text("]")])
    }

    /// Adds the rules of any JSON value to `grammar`; returns the ids of the value and object rules.
    static func addValueRules(to grammar: inout Grammar) -> (value: Int, object: Int) {
        let value = grammar.addRule("value")
        let object = grammar.addRule("object")
        let array = grammar.addRule("array")
        grammar.define(value, .choice([
            .rule(object), .rule(array), string, number(), .text("true"), .text("false"), .text("null"),
        ]))
        let member = GrammarExpression.sequence([string, .text(":"), whitespace, .rule(value)])
        grammar.define(object, JSONGrammar.object(member: member))
        grammar.define(array, JSONGrammar.array(item: .rule(value)))
        return (value, object)
    }

    /// `format: "json"`: any JSON object (ollama's JSON mode).
    static var anyObject: Grammar {
        var g = Grammar()
        let root = g.addRule("root")
        g.define(root, .rule(addValueRules(to: &g).object))
        return g
    }
}
