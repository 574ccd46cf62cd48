/// The character classes the pre-tokenizer regexes use, for one Unicode scalar.
///
/// `\p{L}` = general category L*, `\p{N}` = N*, `\p{P}` = P*, `\s` = the White_Space property,
/// as in llama.cpp's generated `unicode-data.cpp`.
struct UnicodeClass: OptionSet {
    let rawValue: UInt8
    static let letter = UnicodeClass(rawValue: 1)
    static let number = UnicodeClass(rawValue: 2)
    static let whitespace = UnicodeClass(rawValue: 4)
    static let punctuation = UnicodeClass(rawValue: 8)
    /// Set for every scalar inside the text; empty means "past the end" (llama.cpp's OUT_OF_RANGE flags).
    static let inRange = UnicodeClass(rawValue: 16)

    /// Classes of `s`.
    static func of(_ s: Unicode.Scalar) -> UnicodeClass {
        if s.value < 128 { return ascii[Int(s.value)] }
        return compute(s)
    }

    private static let ascii: [UnicodeClass] = (0..<128).map { compute(Unicode.Scalar(UInt8($0))) }

    private static func compute(_ s: Unicode.Scalar) -> UnicodeClass {
        var c: UnicodeClass = .inRange
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            c.insert(.letter)
        case .decimalNumber, .letterNumber, .otherNumber:
            c.insert(.number)
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            c.insert(.punctuation)
        default:
            break
        }
        if s.properties.isWhitespace { c.insert(.whitespace) }
        return c
    }
}

/// A piece of text as Unicode scalars with their classes, read with past-the-end guards
/// (positions outside `0..<count` read as "out of range", like llama.cpp's `_get_cpt`/`_get_flags`).
struct ScalarText {
    let scalars: [Unicode.Scalar]
    let classes: [UnicodeClass]

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        self.classes = scalars.map(UnicodeClass.of)
    }

    /// The scalar value at `i`, or nil past the end of `range`.
    @inline(__always)
    func value(_ i: Int, in range: Range<Int>) -> UInt32? {
        i < range.upperBound ? scalars[i].value : nil
    }

    /// The classes at `i`, or `[]` past the end of `range`.
    @inline(__always)
    func cls(_ i: Int, in range: Range<Int>) -> UnicodeClass {
        i < range.upperBound ? classes[i] : []
    }
}
