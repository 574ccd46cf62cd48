/// Turns untrusted text into exactly one safe file-name component.
///
/// Bytes in `[A-Za-z0-9_.:-]` are kept; every other byte (including `/`, `\`, NUL, `%` and
/// non-ASCII) becomes `%XX`. A leading `.` is also encoded, so the result is never `.`, `..`
/// or a hidden file, and never empty. Valid `ModelName` parts pass through unchanged, so the
/// on-disk layout is ollama's.
enum PathComponent {
    static func encode(_ text: String) -> String {
        guard !text.isEmpty else { return "%00" }
        var out = ""
        for (i, b) in text.utf8.enumerated() {
            let keep = (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39)
                || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: ":")
                || (b == UInt8(ascii: ".") && i > 0)
            if keep {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += "%" + String(b >> 4, radix: 16, uppercase: true) + String(b & 0xf, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
