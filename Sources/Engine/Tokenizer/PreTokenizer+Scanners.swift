/// The GPT-2 and Llama 3 patterns as scanners, following llama.cpp's
/// `unicode_regex_split_custom_gpt2` / `_llama3` (unicode.cpp), including their reading of
/// past-the-end positions as "no class" (so `\s+(?!\S)` keeps trailing whitespace whole).
extension PreTokenizer {
    private static let apostrophe: UInt32 = 0x27
    private static let cr: UInt32 = 0x0D
    private static let lf: UInt32 = 0x0A
    private static let space: UInt32 = 0x20

    /// `'s|'t|'re|'ve|'m|'ll|'d`, optionally case-insensitive: the end of the contraction at `pos`, or nil.
    private static func contractionEnd(_ t: ScalarText, _ pos: Int, _ r: Range<Int>, caseInsensitive: Bool) -> Int? {
        guard t.scalars[pos].value == apostrophe, let n1 = t.value(pos + 1, in: r) else { return nil }
        func lower(_ v: UInt32) -> UInt32 { caseInsensitive && (0x41...0x5A).contains(v) ? v + 32 : v }
        let c1 = lower(n1)
        if c1 == 0x73 || c1 == 0x74 || c1 == 0x6D || c1 == 0x64 { return pos + 2 }  // s t m d
        guard let n2 = t.value(pos + 2, in: r) else { return nil }
        let c2 = lower(n2)
        // re ve ll
        if (c1 == 0x72 && c2 == 0x65) || (c1 == 0x76 && c2 == 0x65) || (c1 == 0x6C && c2 == 0x6C) { return pos + 3 }
        return nil
    }

    /// Whitespace handling shared by both patterns: `\s+(?!\S)` then `\s+`; returns the end.
    private static func whitespaceEnd(_ t: ScalarText, _ pos: Int, _ r: Range<Int>, count n: Int) -> Int? {
        if n > 1, t.value(pos + n, in: r) != nil { return pos + n - 1 }
        if n > 0 { return pos + n }
        return nil
    }

    /// GPT-2 pattern matches inside `r` (they tile `r`).
    static func gpt2Matches(_ t: ScalarText, _ r: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var pos = r.lowerBound
        while pos < r.upperBound {
            let start = pos
            if let end = contractionEnd(t, pos, r, caseInsensitive: false) {
                pos = end
                out.append(start..<pos)
                continue
            }
            let isSpace = t.scalars[pos].value == space
            var c = isSpace ? t.cls(pos + 1, in: r) : t.classes[pos]
            // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`
            for target: UnicodeClass in [.letter, .number] where c.contains(target) {
                if isSpace { pos += 1 }
                while c.contains(target) { pos += 1; c = t.cls(pos, in: r) }
                break
            }
            if pos == start, c.isOther {
                if isSpace { pos += 1 }
                while c.isOther { pos += 1; c = t.cls(pos, in: r) }
            }
            if pos > start {
                out.append(start..<pos)
                continue
            }
            var n = 0
            while t.cls(pos + n, in: r).contains(.whitespace) { n += 1 }
            pos = whitespaceEnd(t, pos, r, count: n) ?? pos + 1
            out.append(start..<pos)
        }
        return out
    }

    /// Llama 3 / Qwen 2 pattern matches inside `r` (they tile `r`); `maxDigits` is 3 or 1.
    static func llama3Matches(_ t: ScalarText, _ r: Range<Int>, maxDigits: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var pos = r.lowerBound
        while pos < r.upperBound {
            let start = pos
            let cpt = t.scalars[pos].value
            let flags = t.classes[pos]
            if let end = contractionEnd(t, pos, r, caseInsensitive: true) {
                pos = end
                out.append(start..<pos)
                continue
            }
            // `[^\r\n\p{L}\p{N}]?\p{L}+`
            if !(cpt == cr || cpt == lf || flags.contains(.number)),
               flags.contains(.letter) || t.cls(pos + 1, in: r).contains(.letter) {
                pos += 1
                while t.cls(pos, in: r).contains(.letter) { pos += 1 }
                out.append(start..<pos)
                continue
            }
            // `\p{N}{1,maxDigits}`
            if flags.contains(.number) {
                var ini = pos
                while t.cls(pos, in: r).contains(.number) {
                    pos += 1
                    if pos - ini >= maxDigits {
                        out.append(ini..<pos)
                        ini = pos
                    }
                }
                if pos > ini { out.append(ini..<pos) }
                continue
            }
            // ` ?[^\s\p{L}\p{N}]+[\r\n]*`
            var c2 = cpt == space ? t.cls(pos + 1, in: r) : flags
            if c2.isOther, !flags.isEmpty {
                if cpt == space { pos += 1 }
                while c2.isOther { pos += 1; c2 = t.cls(pos, in: r) }
                while let v = t.value(pos, in: r), v == cr || v == lf { pos += 1 }
                out.append(start..<pos)
                continue
            }
            var n = 0
            var lastNewlineEnd = 0
            while t.cls(pos + n, in: r).contains(.whitespace) {
                let v = t.scalars[pos + n].value
                if v == cr || v == lf { lastNewlineEnd = pos + n + 1 }
                n += 1
            }
            if lastNewlineEnd > 0 {
                pos = lastNewlineEnd  // `\s*[\r\n]+`
            } else {
                pos = whitespaceEnd(t, pos, r, count: n) ?? pos + 1
            }
            out.append(start..<pos)
        }
        return out
    }
}

extension UnicodeClass {
    /// `[^\s\p{L}\p{N}]` for an in-range scalar.
    var isOther: Bool {
        contains(.inRange) && isDisjoint(with: [.whitespace, .letter, .number])
    }
}
