/// The parse tree of a Go `text/template`, mirroring `text/template/parse` node kinds.
package indirect enum TemplateNode: Sendable {
    /// Literal text, already trimmed by `{{-`/`-}}` markers.
    case text(String)
    /// `{{ pipeline }}`: evaluates and prints (unless it only declares/assigns variables).
    case action(TemplatePipeline)
    /// `{{ if }}…{{ else }}…{{ end }}`; `else if` chains nest an `if` in the else list.
    case ifBranch(TemplateBranch)
    /// `{{ range }}…{{ else }}…{{ end }}`.
    case rangeBranch(TemplateBranch)
    /// `{{ with }}…{{ else }}…{{ end }}`.
    case withBranch(TemplateBranch)
    /// `{{ break }}` inside a range.
    case breakLoop(line: Int)
    /// `{{ continue }}` inside a range.
    case continueLoop(line: Int)
}

/// The shared shape of `if`, `range` and `with`.
package struct TemplateBranch: Sendable {
    package var pipeline: TemplatePipeline
    package var list: [TemplateNode]
    package var elseList: [TemplateNode]?
    package var line: Int
}

/// `[$a, $b :=|=] command | command | …`.
package struct TemplatePipeline: Sendable {
    /// Variables declared (`:=`) or assigned (`=`), in source order.
    package var declarations: [String]
    /// True for `=` (assignment to existing variables), false for `:=`.
    package var isAssign: Bool
    package var commands: [TemplateCommand]
    package var line: Int
}

/// One pipeline stage: an operand followed by its arguments.
package struct TemplateCommand: Sendable {
    package var arguments: [TemplateOperand]
}

/// One operand of a command.
package indirect enum TemplateOperand: Sendable {
    /// `.A.B` (an empty path is `.` itself, see `dot`).
    case field([String])
    /// `$x.A.B`; `$` is the root data.
    case variable(String, [String])
    /// `.`
    case dot
    /// `nil`
    case nilLiteral
    case bool(Bool)
    /// A numeric literal: integer if it has an exact integer value and was written as one.
    case number(TemplateNumber)
    case string(String)
    /// A function name.
    case identifier(String)
    /// `( pipeline )` optionally followed by fields: `(index .M 0).Name`.
    case chain(TemplatePipeline, [String])

    /// Go's node text for error messages.
    var description: String {
        switch self {
        case .field(let path): return "." + path.joined(separator: ".")
        case .variable(let name, let path): return ([name] + path).joined(separator: ".")
        case .dot: return "."
        case .nilLiteral: return "nil"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.text
        case .string(let s): return "\"\(s)\""
        case .identifier(let name): return name
        case .chain(_, let path): return "(…)" + path.map { "." + $0 }.joined()
        }
    }
}

/// A numeric literal as written, with its integer and float readings.
package struct TemplateNumber: Sendable {
    package var text: String
    package var intValue: Int?
    package var floatValue: Double
    /// Go's "ideal constant" rule: a literal that is an integer is passed as `int`, else `float64`.
    package var isInteger: Bool { intValue != nil }
}
