import Foundation

/// BERT's basic tokenization, as Hugging Face's `BertNormalizer` + `BertPreTokenizer` do it:
/// drop NUL, U+FFFD and control characters, turn whitespace into spaces, put spaces around CJK
/// ideographs, optionally strip accents (NFD, then drop non-spacing marks) and lower-case, then
/// split on whitespace with every punctuation character a word of its own.
struct BertPreTokenizer: Sendable {
    /// Lower-case the text (`do_lower_case`, `BertNormalizer.lowercase`).
    let lowercase: Bool
    /// Strip accents (`strip_accents`; defaults to `lowercase`).
    let stripAccents: Bool

    /// The words of `text`, each as Unicode scalars.
    func words(_ text: Substring) -> [[Unicode.Scalar]] {
        var cleaned = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if s.value == 0 || s.value == 0xFFFD || Self.isControl(s) { continue }
            if Self.isWhitespace(s) {
                cleaned.append(" ")
            } else if Self.isChinese(s) {
                cleaned.append(" ")
                cleaned.append(s)
                cleaned.append(" ")
            } else {
                cleaned.append(s)
            }
        }
        var normalized = String(cleaned)
        if stripAccents {
            let decomposed = normalized.decomposedStringWithCanonicalMapping.unicodeScalars
            normalized = String(String.UnicodeScalarView(decomposed.filter { $0.properties.generalCategory != .nonspacingMark }))
        }
        if lowercase { normalized = normalized.lowercased() }

        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for s in normalized.unicodeScalars {
            if Self.isWhitespace(s) {
                if !current.isEmpty { words.append(current) }
                current = []
            } else if Self.isPunctuation(s) {
                if !current.isEmpty { words.append(current) }
                current = []
                words.append([s])
            } else {
                current.append(s)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// `\t`, `\n`, `\r`, or a scalar with the White_Space property.
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\n" || s == "\r" || s.properties.isWhitespace
    }

    /// A control or other non-printing scalar (general category C*), except tab and newlines.
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        if s == "\t" || s == "\n" || s == "\r" { return false }
        switch s.properties.generalCategory {
        case .control, .format, .unassigned, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// ASCII punctuation and symbols (`!` … `~` outside letters and digits), or Unicode category P*.
    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
            return true
        }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// A CJK Unified Ideograph (the blocks BERT splits into single characters).
    static func isChinese(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
             0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
