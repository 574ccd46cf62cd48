import Foundation

/// The parts of Go's `fmt`, `strconv.Quote`, `html`, `js` and `url` escaping that templates reach
/// through `print`, `printf`, `println`, `html`, `js` and `urlquery`.
package enum GoFormatter {
    /// `fmt.Sprint`: operands joined, with a space between two operands when neither is a string.
    package static func sprint(_ args: [TemplateValue]) -> String {
        var out = ""
        for (i, arg) in args.enumerated() {
            if i > 0 {
                let previousIsString: Bool
                if case .string = args[i - 1] { previousIsString = true } else { previousIsString = false }
                var isString = false
                if case .string = arg { isString = true }
                if !isString && !previousIsString { out += " " }
            }
            out += arg.goString
        }
        return out
    }

    /// `fmt.Sprintln`: operands joined by spaces, then a newline.
    package static func sprintln(_ args: [TemplateValue]) -> String {
        args.map(\.goString).joined(separator: " ") + "\n"
    }

    /// The input of the escaping functions: a lone string as is, otherwise `fmt.Sprint(args…)`.
    static func escaperInput(_ args: [TemplateValue]) -> String {
        if args.count == 1, case .string(let s) = args[0] { return s }
        return sprint(args)
    }

    // MARK: - printf

    private struct Spec {
        var minus = false, plus = false, sharp = false, zero = false, space = false
        var width: Int?
        var precision: Int?
    }

    /// `fmt.Sprintf` for the verbs `v s q d f F e E g G t x X c o b U %`, with flags, width and
    /// precision, and Go's `%!verb(type=value)`, `%!v(MISSING)` and `%!(EXTRA …)` diagnostics.
    package static func sprintf(_ format: String, _ args: [TemplateValue]) -> String {
        let chars = Array(format.unicodeScalars)
        var out = ""
        var argIndex = 0
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c != "%" {
                out.unicodeScalars.append(c)
                i += 1
                continue
            }
            i += 1
            var spec = Spec()
            flags: while i < chars.count {
                switch chars[i] {
                case "-": spec.minus = true
                case "+": spec.plus = true
                case "#": spec.sharp = true
                case "0": spec.zero = true
                case " ": spec.space = true
                default: break flags
                }
                i += 1
            }
            if i < chars.count, chars[i] == "*" {
                i += 1
                if argIndex < args.count, case .int(let w) = args[argIndex] { spec.width = w }
                argIndex += 1
            } else {
                var digits = ""
                while i < chars.count, chars[i].properties.numericType != nil, chars[i].isASCII { digits.unicodeScalars.append(chars[i]); i += 1 }
                spec.width = Int(digits)
            }
            if i < chars.count, chars[i] == "." {
                i += 1
                var digits = ""
                while i < chars.count, chars[i].isASCII, chars[i].properties.numericType != nil { digits.unicodeScalars.append(chars[i]); i += 1 }
                spec.precision = Int(digits) ?? 0
            }
            guard i < chars.count else {
                out += "%!(NOVERB)"
                break
            }
            let verb = chars[i]
            i += 1
            if verb == "%" {
                out += "%"
                continue
            }
            guard argIndex < args.count else {
                out += "%!\(verb)(MISSING)"
                continue
            }
            let arg = args[argIndex]
            argIndex += 1
            out += pad(formatOne(verb, spec, arg), spec, numeric: isNumericVerb(verb, arg))
        }
        if argIndex < args.count {
            let extra = args[argIndex...].map { "\($0.goTypeName)=\($0.goString)" }.joined(separator: ", ")
            out += "%!(EXTRA \(extra))"
        }
        return out
    }

    private static func isNumericVerb(_ verb: Unicode.Scalar, _ arg: TemplateValue) -> Bool {
        switch arg {
        case .int, .float: return "vdfFeEgGxXob".unicodeScalars.contains(verb)
        default: return false
        }
    }

    private static func pad(_ s: String, _ spec: Spec, numeric: Bool) -> String {
        guard let width = spec.width else { return s }
        let length = s.count
        guard length < width else { return s }
        let fill = width - length
        if spec.minus { return s + String(repeating: " ", count: fill) }
        if spec.zero && numeric {
            if s.hasPrefix("-") || s.hasPrefix("+") {
                return String(s.prefix(1)) + String(repeating: "0", count: fill) + s.dropFirst()
            }
            return String(repeating: "0", count: fill) + s
        }
        return String(repeating: " ", count: fill) + s
    }

    private static func bad(_ verb: Unicode.Scalar, _ arg: TemplateValue) -> String {
        if case .missing = arg { return "%!\(verb)(<nil>)" }
        return "%!\(verb)(\(arg.goTypeName)=\(arg.goString))"
    }

    private static func signed(_ text: String, _ spec: Spec) -> String {
        if text.hasPrefix("-") { return text }
        if spec.plus { return "+" + text }
        if spec.space { return " " + text }
        return text
    }

    private static func formatOne(_ verb: Unicode.Scalar, _ spec: Spec, _ arg: TemplateValue) -> String {
        switch verb {
        case "v":
            switch arg {
            case .int, .float: return signed(arg.goString, spec)
            case .string(let s) where spec.sharp: return quote(s)
            default: return arg.goString
            }
        case "s":
            switch arg {
            case .string(let s):
                if let p = spec.precision { return String(s.prefix(p)) }
                return s
            case .list, .map, .record: return arg.goString
            default: return bad(verb, arg)
            }
        case "q":
            switch arg {
            case .string(let s): return quote(s)
            case .int(let i): return "'" + (Unicode.Scalar(UInt32(clamping: max(i, 0))).map { String(Character($0)) } ?? "\u{FFFD}") + "'"
            default: return bad(verb, arg)
            }
        case "d":
            guard case .int(let i) = arg else { return bad(verb, arg) }
            var text = String(i)
            if let p = spec.precision, text.count < p { text = String(repeating: "0", count: p - text.count) + text }
            return signed(text, spec)
        case "b", "o", "x", "X":
            let radix = verb == "b" ? 2 : verb == "o" ? 8 : 16
            switch arg {
            case .int(let i):
                var text = String(i.magnitude, radix: radix, uppercase: verb == "X")
                if spec.sharp { text = (radix == 16 ? (verb == "X" ? "0X" : "0x") : radix == 8 ? "0" : "0b") + text }
                return signed((i < 0 ? "-" : "") + text, spec)
            case .string(let s) where radix == 16:
                return s.utf8.map { String(format: verb == "X" ? "%02X" : "%02x", $0) }.joined()
            default: return bad(verb, arg)
            }
        case "f", "F", "e", "E", "g", "G":
            guard case .float(let d) = arg else { return bad(verb, arg) }
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d > 0 ? (spec.plus ? "+Inf" : "+Inf") : "-Inf" }
            let text: String
            let lower = Character(String(verb).lowercased())
            if spec.precision == nil && lower == "g" {
                text = GoFloatFormat(d).general
            } else if lower == "e" {
                let raw = String(format: "%.\(spec.precision ?? 6)e", d)
                text = verb == "E" ? raw.uppercased() : raw
            } else if lower == "g" {
                let raw = String(format: "%.\(spec.precision ?? 6)g", d)
                text = verb == "G" ? raw.uppercased() : raw
            } else {
                text = String(format: "%.\(spec.precision ?? 6)f", d)
            }
            return signed(verb == "G" ? text.uppercased() : text, spec)
        case "t":
            guard case .bool(let b) = arg else { return bad(verb, arg) }
            return b ? "true" : "false"
        case "c":
            guard case .int(let i) = arg, let scalar = Unicode.Scalar(UInt32(clamping: max(i, 0))) else { return bad(verb, arg) }
            return String(Character(scalar))
        case "U":
            guard case .int(let i) = arg else { return bad(verb, arg) }
            return String(format: "U+%04X", i)
        default:
            return "%!\(verb)(\(arg.goTypeName)=\(arg.goString))"
        }
    }

    // MARK: - Quoting and escaping

    /// `strconv.Quote`: a double-quoted Go string literal.
    package static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\x%02x", scalar.value)
                } else if scalar.value >= 0x80 && !isPrintable(scalar) {
                    out += scalar.value > 0xFFFF ? String(format: "\\U%08x", scalar.value) : String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator: return false
        case .spaceSeparator: return scalar == " "
        default: return true
        }
    }

    /// `template.HTMLEscapeString`.
    package static func htmlEscape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\u{0}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `template.JSEscapeString`.
    package static func jsEscape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\"": out += "\\\""
            case "<": out += "\\u003C"
            case ">": out += "\\u003E"
            case "&": out += "\\u0026"
            case "=": out += "\\u003D"
            default:
                if scalar.value < 0x20 || (scalar.value >= 0x80 && !isPrintable(scalar)) {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `url.QueryEscape`: space as `+`, unreserved bytes kept, the rest `%XX`.
    package static func queryEscape(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "): out += "+"
            default: out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
