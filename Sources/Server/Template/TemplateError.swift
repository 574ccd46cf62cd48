/// A template that failed to parse or to execute, with Go's message text.
///
/// Parse errors read `template: <name>:<line>: <message>` exactly like Go's `text/template`, which
/// ollama returns as `template error: <that>`; execution errors read
/// `template: <name>:<line>: executing "<name>" at <…>: <message>`.
package struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Phase: Sendable, Equatable { case parse, execute }

    package let phase: Phase
    package let name: String
    package let line: Int
    package let message: String
    /// For execution errors, the node being evaluated (Go's `at <…>` context).
    package let context: String?

    package init(_ phase: Phase, name: String, line: Int, message: String, context: String? = nil) {
        self.phase = phase
        self.name = name
        self.line = line
        self.message = message
        self.context = context
    }

    package var description: String {
        switch phase {
        case .parse:
            return "template: \(name):\(line): \(message)"
        case .execute:
            let at = context.map { " at <\($0)>" } ?? ""
            return "template: \(name):\(line): executing \"\(name)\"\(at): \(message)"
        }
    }
}
