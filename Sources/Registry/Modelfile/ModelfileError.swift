/// A Modelfile that cannot be parsed, with ollama's messages.
///
/// `description` is `(line N): <message>` when a line is known, else the bare message
/// (`no FROM line`, `unexpected EOF`).
public struct ModelfileError: Error, Equatable, CustomStringConvertible {
    /// 1-based line number, or 0 when the error is not tied to a line.
    public let line: Int
    public let message: String

    public init(line: Int = 0, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "(line \(line)): \(message)" : message }

    static let missingFrom = "no FROM line"
    static let unexpectedEOF = "unexpected EOF"
    static let invalidMessageRole = #"message role must be one of "system", "user", or "assistant""#
    static let invalidCommand = #"command must be one of "from", "license", "template", "system", "adapter", "draft", "renderer", "parser", "parameter", "message", or "requires""#
}
