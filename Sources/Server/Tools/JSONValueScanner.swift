/// Finds where a JSON object or array that starts at some byte ends, without parsing it:
/// brackets are counted outside strings (escapes honoured). Validity is left to `JSONParser`.
enum JSONValueScanner {
    enum Result: Equatable {
        /// The value ends just before this index.
        case end(Int)
        /// More text is needed.
        case incomplete
        /// Brackets do not match.
        case invalid
    }

    /// Scans the object or array opening at `bytes[start]`.
    static func scan(_ bytes: [UInt8], from start: Int) -> Result {
        var stack: [UInt8] = []
        var inString = false
        var escaped = false
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"): stack.append(UInt8(ascii: "}"))
            case UInt8(ascii: "["): stack.append(UInt8(ascii: "]"))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard stack.last == b else { return .invalid }
                stack.removeLast()
                if stack.isEmpty { return .end(i) }
            default: break
            }
        }
        return .incomplete
    }
}
