/// Why a JSON document could not be parsed.
///
/// Messages follow Go's `encoding/json` wording (`invalid character 'x' looking for beginning of
/// value`, `unexpected end of JSON input`), because ollama forwards them to clients verbatim.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The input ended inside a value.
        case unexpectedEnd
        /// A byte that cannot appear here; `context` names what was expected (Go's phrase).
        case invalidCharacter(UInt8, context: String)
        /// The document nests arrays/objects deeper than the limit.
        case tooDeep(limit: Int)
        /// The document is larger than the limit in bytes.
        case tooLarge(limit: Int)
        /// A number whose magnitude does not fit in a double (`1e400`).
        case numberOutOfRange(String)
    }

    /// What went wrong.
    public let kind: Kind
    /// Byte offset in the input where the problem was found.
    public let offset: Int

    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    public var description: String {
        switch kind {
        case .unexpectedEnd:
            return "unexpected end of JSON input"
        case .invalidCharacter(let byte, let context):
            return "invalid character \(JSONError.quoteChar(byte)) \(context)"
        case .tooDeep:
            return "exceeded max depth"
        case .tooLarge(let limit):
            return "request body too large (limit \(limit) bytes)"
        case .numberOutOfRange(let text):
            return "json: cannot unmarshal number \(text) into Go value of type float64"
        }
    }

    /// Go's `quoteChar`: `'x'`, with `'\''` and `'"'` special-cased and control bytes escaped.
    static func quoteChar(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "'"): return "'\\''"
        case UInt8(ascii: "\""): return "'\"'"
        case UInt8(ascii: "\n"): return "'\\n'"
        case UInt8(ascii: "\r"): return "'\\r'"
        case UInt8(ascii: "\t"): return "'\\t'"
        case 0x20...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        default:
            let hex = String(byte, radix: 16)
            return byte < 0x80 ? "'\\x\(hex.count == 1 ? "0" + hex : hex)'" : "'\\u00\(hex)'"
        }
    }
}
