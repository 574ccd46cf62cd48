/// GPT-2's reversible byte ↔ Unicode mapping (`bytes_to_unicode` in openai/gpt-2's encoder.py,
/// `unicode_byte_to_utf8` in llama.cpp): byte-level BPE vocabularies spell every byte as one
/// printable character, so a space is `Ġ` (U+0120) and a newline `Ċ` (U+010A).
enum ByteLevel {
    /// `scalar[b]`: the character that stands for byte `b`.
    ///
    /// Bytes `!`…`~`, `¡`…`¬` and `®`…`ÿ` stand for themselves; the other 68 bytes map, in
    /// increasing order, to U+0100, U+0101, ….
    static let scalar: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 256
        for b in 0..<256 {
            let printable = (33...126).contains(b) || (161...172).contains(b) || (174...255).contains(b)
            let value = printable ? UInt32(b) : next
            if !printable { next += 1 }
            table[b] = Unicode.Scalar(value) ?? " "
        }
        return table
    }()

    /// The inverse mapping: the byte a character stands for, or nil for other characters.
    static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let v = scalar.value
        if v < 256 {
            let b = Int(v)
            let printable = (33...126).contains(b) || (161...172).contains(b) || (174...255).contains(b)
            return printable ? UInt8(b) : nil
        }
        return inverse[v]
    }

    private static let inverse: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for b in 0..<256 where scalar[b].value >= 256 { map[scalar[b].value] = UInt8(b) }
        return map
    }()

    /// Decodes a byte-level token text back to its bytes; characters outside the mapping are kept as UTF-8.
    static func decode(_ text: Substring.UnicodeScalarView) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        for s in text {
            if let b = byte(for: s) {
                out.append(b)
            } else {
                out.append(contentsOf: String(Character(s)).utf8)
            }
        }
        return out
    }
}
