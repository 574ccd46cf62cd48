import Engine

/// Compiles the simple regular expressions of JSON schema `pattern`s into the grammar of the
/// string's *JSON text* (between the quotes): characters that JSON must escape (`"`, `\`,
/// tab, newline) are produced as their escapes.
///
/// Supported: literals, `.`, classes `[a-z_]`/`[^…]` (ASCII ranges), `\d \w \s \D \W \S`, escaped
/// metacharacters, groups `(…)`/`(?:…)`, `|`, `* + ?`, `{n}`, `{n,}`, `{n,m}` (lazy `?` ignored),
/// `^`/`$` at the ends (an unanchored end allows any text there). Anything else (backreferences,
/// lookaround, `\b`, Unicode classes) is an error.
struct RegexCompiler {
    let pattern: [Unicode.Scalar]
    let source: String
    let path: String
    var index = 0

    init(_ pattern: String, path: String) {
        self.source = pattern
        self.pattern = Array(pattern.unicodeScalars)
        self.path = path
    }

    /// A set of characters: ASCII ones by bit, plus all or some non-ASCII ones.
    struct CharacterSet {
        var ascii = ByteSet()
        var anyNonASCII = false
        var nonASCII: [Unicode.Scalar] = []

        static let printable = ByteSet(range: 0x20...0x7E).union(ByteSet([0x09, 0x0A, 0x0D]))

        /// Every character but `self` (`[^…]`, `\D`…).
        func negated() -> CharacterSet? {
            guard nonASCII.isEmpty else { return nil }
            var out = CharacterSet()
            out.ascii = Self.printable.subtracting(ascii)
            out.anyNonASCII = !anyNonASCII
            return out
        }

        /// The JSON text of one character of the set.
        var expression: GrammarExpression {
            var alternatives: [GrammarExpression] = []
            let plain = ascii.intersection(JSONGrammar.plainStringByte)
            if !plain.isEmpty { alternatives.append(.bytes(plain)) }
            let escapes: [(UInt8, String)] = [(0x22, "\\\""), (0x5C, "\\\\"), (0x09, "\\t"), (0x0A, "\\n"), (0x0D, "\\r")]
            var literals: [[UInt8]] = []
            for (byte, text) in escapes where ascii.contains(byte) { literals.append(Array(text.utf8)) }
            for scalar in nonASCII { literals.append(Array(String(scalar).utf8)) }
            if !literals.isEmpty { alternatives.append(.literals(literals)) }
            if anyNonASCII { alternatives.append(JSONGrammar.utf8Sequence) }
            return alternatives.count == 1 ? alternatives[0] : .choice(alternatives)
        }
    }

    private func unsupported(_ what: String) -> JSONSchemaError {
        .unsupported(keyword: "pattern", path: path, detail: "\(what) in \"\(source)\" is not supported")
    }

    /// The grammar of the JSON string content matching the whole pattern.
    mutating func compile() throws -> GrammarExpression {
        var anchoredStart = false
        if pattern.first == "^" {
            anchoredStart = true
            index = 1
        }
        let body = try alternation()
        var anchoredEnd = false
        if index < pattern.count, pattern[index] == "$", index == pattern.count - 1 {
            anchoredEnd = true
            index += 1
        }
        guard index == pattern.count else {
            throw unsupported(pattern[index] == ")" ? "an unbalanced \")\"" : "\"\(pattern[index])\" here")
        }
        let anything = GrammarExpression.star(JSONGrammar.stringByte)
        return .sequence([anchoredStart ? .empty : anything, body, anchoredEnd ? .empty : anything])
    }

    private mutating func alternation() throws -> GrammarExpression {
        var alternatives = [try concatenation()]
        while index < pattern.count, pattern[index] == "|" {
            index += 1
            alternatives.append(try concatenation())
        }
        return alternatives.count == 1 ? alternatives[0] : .choice(alternatives)
    }

    private mutating func concatenation() throws -> GrammarExpression {
        var parts: [GrammarExpression] = []
        while index < pattern.count {
            let c = pattern[index]
            if c == "|" || c == ")" { break }
            if c == "$" && index == pattern.count - 1 { break }
            parts.append(try quantified(try atom()))
        }
        return .sequence(parts)
    }

    private mutating func quantified(_ atom: GrammarExpression) throws -> GrammarExpression {
        guard index < pattern.count else { return atom }
        var result: GrammarExpression
        switch pattern[index] {
        case "*": result = .star(atom); index += 1
        case "+": result = .plus(atom); index += 1
        case "?": result = .optional(atom); index += 1
        case "{":
            guard let (min, max) = try bounds() else { return atom }
            result = .repetition(atom, min: min, max: max)
        default: return atom
        }
        if index < pattern.count {
            if pattern[index] == "?" { index += 1 }  // lazy: same language
            else if pattern[index] == "+" { throw unsupported("a possessive quantifier") }
            else if "*{".unicodeScalars.contains(pattern[index]) { throw unsupported("a repeated quantifier") }
        }
        return result
    }

    /// `{n}`, `{n,}`, `{n,m}` at `index`; nil (a literal `{`) when it is not a quantifier.
    private mutating func bounds() throws -> (Int, Int?)? {
        var j = index + 1
        func number() -> Int? {
            var value = 0, digits = 0
            while j < pattern.count, pattern[j].isASCII, let d = Int(String(pattern[j])) {
                value = value * 10 + d
                digits += 1
                j += 1
                if value > 1_000_000 { return value }
            }
            return digits > 0 ? value : nil
        }
        guard let min = number() else { return nil }
        var max: Int? = min
        if j < pattern.count, pattern[j] == "," {
            j += 1
            max = number()
        }
        guard j < pattern.count, pattern[j] == "}" else { return nil }
        index = j + 1
        let limit = JSONSchemaCompiler.maxBoundedRepetition
        if min > limit || (max ?? 0) > limit { throw unsupported("a repetition above \(limit)") }
        if let max, max < min { throw unsupported("the quantifier {\(min),\(max)}") }
        return (min, max)
    }

    private mutating func atom() throws -> GrammarExpression {
        let c = pattern[index]
        index += 1
        switch c {
        case "(":
            if index < pattern.count, pattern[index] == "?" {
                guard index + 1 < pattern.count, pattern[index + 1] == ":" else { throw unsupported("a lookaround or named group") }
                index += 2
            }
            let inner = try alternation()
            guard index < pattern.count, pattern[index] == ")" else { throw unsupported("an unclosed \"(\"") }
            index += 1
            return inner
        case "[": return try characterClass().expression
        case ".":
            var any = CharacterSet()
            any.ascii = CharacterSet.printable.subtracting(ByteSet([0x0A, 0x0D]))
            any.anyNonASCII = true
            return any.expression
        case "\\": return try escape(inClass: false).expression
        case "^", "$": throw unsupported("an anchor inside the pattern")
        case "*", "+", "?": throw unsupported("a quantifier without an atom")
        default: return single(c).expression
        }
    }

    /// The set holding just `c`.
    private func single(_ c: Unicode.Scalar) -> CharacterSet {
        var set = CharacterSet()
        if c.isASCII { set.ascii.insert(UInt8(c.value)) } else { set.nonASCII.append(c) }
        return set
    }

    /// `\x` at `index` (after the backslash).
    private mutating func escape(inClass: Bool) throws -> CharacterSet {
        guard index < pattern.count else { throw unsupported("a trailing backslash") }
        let c = pattern[index]
        index += 1
        let digits = ByteSet(range: UInt8(ascii: "0")...UInt8(ascii: "9"))
        let word = digits.union(ByteSet(range: UInt8(ascii: "a")...UInt8(ascii: "z")))
            .union(ByteSet(range: UInt8(ascii: "A")...UInt8(ascii: "Z"))).union(ByteSet([UInt8(ascii: "_")]))
        let space = ByteSet([0x20, 0x09, 0x0A, 0x0D])
        var set = CharacterSet()
        switch c {
        case "d", "D": set.ascii = digits
        case "w", "W": set.ascii = word
        case "s", "S": set.ascii = space
        case "t": set.ascii = ByteSet([0x09]); return set
        case "n": set.ascii = ByteSet([0x0A]); return set
        case "r": set.ascii = ByteSet([0x0D]); return set
        default:
            let metacharacters = "\\^$.|?*+()[]{}/-\"'".unicodeScalars
            guard metacharacters.contains(c) else { throw unsupported("the escape \\\(c)") }
            return single(c)
        }
        if "DWS".unicodeScalars.contains(c) {
            guard let negated = set.negated() else { throw unsupported("\\\(c)") }
            return negated
        }
        return set
    }

    /// `[…]` after the `[`.
    private mutating func characterClass() throws -> CharacterSet {
        var negate = false
        if index < pattern.count, pattern[index] == "^" {
            negate = true
            index += 1
        }
        var set = CharacterSet()
        var first = true
        while true {
            guard index < pattern.count else { throw unsupported("an unclosed \"[\"") }
            var c = pattern[index]
            if c == "]" && !first { index += 1; break }
            first = false
            index += 1
            if c == "[" && index < pattern.count && pattern[index] == ":" { throw unsupported("a POSIX class") }
            if c == "\\" {
                let escaped = try escape(inClass: true)
                guard escaped.ascii.count == 1, escaped.nonASCII.isEmpty, !escaped.anyNonASCII,
                      let byte = (0...127).first(where: { escaped.ascii.contains(UInt8($0)) }),
                      index + 1 < pattern.count, pattern[index] == "-", pattern[index + 1] != "]"
                else {
                    set.ascii = set.ascii.union(escaped.ascii)
                    set.anyNonASCII = set.anyNonASCII || escaped.anyNonASCII
                    continue
                }
                c = Unicode.Scalar(UInt8(byte))
            }
            if index + 1 < pattern.count, pattern[index] == "-", pattern[index + 1] != "]" {
                var upper = pattern[index + 1]
                index += 2
                if upper == "\\" {
                    let escaped = try escape(inClass: true)
                    guard escaped.ascii.count == 1, let byte = (0...127).first(where: { escaped.ascii.contains(UInt8($0)) }) else {
                        throw unsupported("a range ending in a class")
                    }
                    upper = Unicode.Scalar(UInt8(byte))
                }
                guard c.isASCII, upper.isASCII else { throw unsupported("a non-ASCII range") }
                guard c.value <= upper.value else { throw unsupported("the range \(c)-\(upper)") }
                for v in c.value...upper.value { set.ascii.insert(UInt8(v)) }
            } else if c.isASCII {
                set.ascii.insert(UInt8(c.value))
            } else {
                set.nonASCII.append(c)
            }
        }
        if negate {
            guard let negated = set.negated() else { throw unsupported("a negated class with non-ASCII characters") }
            return negated
        }
        return set
    }
}
