/// A parsed Modelfile: its instructions in order (ollama `parser.Modelfile`).
///
/// Instructions are stored as ollama stores them: `FROM` becomes the command `model`, other
/// instructions keep their lowercased name (`template`, `system`, `adapter`, `license`, `draft`,
/// `renderer`, `parser`, `requires`, `message`), and `PARAMETER <key> <value>` becomes the command
/// `<key>` (case kept). `MESSAGE <role> <text>` is stored with arguments `"<role>: <text>"`.
public struct Modelfile: Equatable, Sendable {
    /// One instruction.
    public struct Command: Equatable, Sendable {
        public var name: String
        public var args: String

        public init(name: String, args: String) {
            self.name = name
            self.args = args
        }

        /// The instruction line as `ollama show --modelfile` writes it.
        public var text: String {
            switch name {
            case "model":
                return "FROM \(args)"
            case "license", "template", "system", "adapter", "renderer", "parser", "requires", "draft":
                return "\(name.uppercased()) \(Modelfile.quote(args))"
            case "message":
                let (role, content) = Modelfile.splitMessage(args)
                return "MESSAGE \(role) \(Modelfile.quote(content))"
            default:
                return "PARAMETER \(name) \(Modelfile.quote(args))"
            }
        }

        /// True for a `PARAMETER` command.
        public var isParameter: Bool { !Modelfile.instructionCommands.contains(name) }
    }

    public var commands: [Command]

    public init(commands: [Command]) { self.commands = commands }

    /// Command names that are not parameters.
    static let instructionCommands: Set<String> = [
        "model", "license", "template", "system", "adapter", "renderer", "parser", "requires", "draft", "message",
    ]

    /// The text of all commands, one per line (ollama `Modelfile.String()`).
    public var text: String { commands.map { $0.text + "\n" }.joined() }

    /// The values of the commands named `name`, in order.
    public func values(of name: String) -> [String] { commands.filter { $0.name == name }.map(\.args) }

    /// `(role, content)` of a stored message (`"<role>: <text>"`).
    public static func splitMessage(_ args: String) -> (role: String, content: String) {
        guard let range = args.range(of: ": ") else { return (args, "") }
        return (String(args[..<range.lowerBound]), String(args[range.upperBound...]))
    }

    /// ollama `quote`: bare unless the value has a newline or a leading/trailing space; then
    /// `"""…"""` if it contains `"`, else `"…"`. (Byte-level checks, as Go's.)
    public static func quote(_ value: String) -> String {
        let bytes = Array(value.utf8)
        let space = UInt8(ascii: " ")
        guard bytes.contains(UInt8(ascii: "\n")) || bytes.first == space || bytes.last == space else { return value }
        return bytes.contains(UInt8(ascii: "\"")) ? "\"\"\"" + value + "\"\"\"" : "\"" + value + "\""
    }

    /// ollama `unquote`: strips `"""…"""` or `"…"`; nil when a quote is opened but not closed.
    static func unquote(_ value: String) -> String? {
        let bytes = Array(value.utf8)
        let quote = UInt8(ascii: "\"")
        let triple: [UInt8] = [quote, quote, quote]
        if bytes.starts(with: triple) {
            guard bytes.count >= 6, Array(bytes.suffix(3)) == triple else { return nil }
            return String(decoding: bytes[3..<(bytes.count - 3)], as: UTF8.self)
        }
        if bytes.first == quote {
            guard bytes.count >= 2, bytes.last == quote else { return nil }
            return String(decoding: bytes[1..<(bytes.count - 1)], as: UTF8.self)
        }
        return value
    }
}
