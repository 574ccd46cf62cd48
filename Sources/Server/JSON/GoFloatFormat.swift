/// Go's textual forms of a `float64`, built from the shortest round-trip digits.
///
/// Swift's `description` already yields the shortest digits that round-trip (as Go's
/// `strconv.FormatFloat(f, _, -1, 64)` does); this type re-lays them out in Go's formats.
package struct GoFloatFormat {
    /// Decimal digits without leading/trailing zeros (`"0"` for zero).
    let digits: [UInt8]
    /// Position of the decimal point: value = 0.d1d2d3… × 10^pointPosition.
    let pointPosition: Int
    let negative: Bool

    /// Decomposes a finite double.
    package init(_ value: Double) {
        precondition(value.isFinite, "GoFloatFormat needs a finite value")
        negative = value.sign == .minus
        let text = Array(value.magnitude.description.utf8)  // e.g. "123.45", "1e-07", "1.5e+20"
        var mantissa: [UInt8] = []
        var exponent = 0
        var pointIndex: Int?
        var i = 0
        while i < text.count {
            let c = text[i]
            if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                exponent = Int(String(decoding: text[(i + 1)...], as: UTF8.self)) ?? 0
                break
            }
            if c == UInt8(ascii: ".") { pointIndex = mantissa.count } else { mantissa.append(c) }
            i += 1
        }
        var point = (pointIndex ?? mantissa.count) + exponent
        // Strip leading zeros (moving the point) and trailing zeros.
        var start = 0
        while start < mantissa.count - 1, mantissa[start] == UInt8(ascii: "0") {
            start += 1
            point -= 1
        }
        var end = mantissa.count
        while end > start + 1, mantissa[end - 1] == UInt8(ascii: "0") { end -= 1 }
        var d = Array(mantissa[start..<end])
        if d == [UInt8(ascii: "0")] {
            d = [UInt8(ascii: "0")]
            point = 1
        }
        digits = d
        pointPosition = point
    }

    private var sign: String { negative ? "-" : "" }
    private var isZero: Bool { digits == [UInt8(ascii: "0")] }

    /// `%f` with the shortest precision: `123.45`, `100`, `0.000001`.
    package var fixed: String {
        let nd = digits.count
        let dp = isZero ? 1 : pointPosition
        var out = sign
        if dp <= 0 {
            out += "0." + String(repeating: "0", count: -dp) + String(decoding: digits, as: UTF8.self)
        } else if dp >= nd {
            out += String(decoding: digits, as: UTF8.self) + String(repeating: "0", count: dp - nd)
        } else {
            out += String(decoding: digits[..<dp], as: UTF8.self) + "." + String(decoding: digits[dp...], as: UTF8.self)
        }
        return out
    }

    /// `%e` with the shortest precision: `1e+21`, `1.5e-07` (at least two exponent digits).
    package var exponential: String {
        var out = sign + String(Character(Unicode.Scalar(digits[0])))
        if digits.count > 1 { out += "." + String(decoding: digits[1...], as: UTF8.self) }
        let exp = isZero ? 0 : pointPosition - 1
        let magnitude = String(abs(exp))
        out += (exp < 0 ? "e-" : "e+") + (magnitude.count < 2 ? "0" + magnitude : magnitude)
        return out
    }

    /// Go's `%v`/`%g` with the shortest precision: exponent form when the decimal exponent is
    /// below -4 or at least 6 (`strconv` fixes the threshold at 6 for shortest output), so
    /// `123456` but `1.234567e+06`, and `0.0001` but `1e-05`.
    package var general: String {
        let exp = isZero ? 0 : pointPosition - 1
        return exp < -4 || exp >= 6 ? exponential : fixed
    }

    /// `encoding/json`'s float encoding: fixed notation unless |x| < 1e-6 or |x| >= 1e21,
    /// and a negative two-digit exponent loses its leading zero (`1e-07` → `1e-7`).
    package static func json(_ value: Double) -> String {
        let format = GoFloatFormat(value)
        let magnitude = value.magnitude
        if magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21) {
            var text = format.exponential
            if let range = text.range(of: "e-0") { text.replaceSubrange(range, with: "e-") }
            return text
        }
        return format.fixed
    }
}
