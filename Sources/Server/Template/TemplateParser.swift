/// Builds the node tree from tokens, following Go's `text/template/parse/parse.go`.
///
/// Checks done at parse time, as in Go: functions must be defined, variables declared before
/// use (scoped to the enclosing control structure), `break`/`continue` only inside `range`,
/// later pipeline stages must be executable, and every `if`/`range`/`with` needs its `end`.
struct TemplateParser {
    private let tokens: [TemplateLexer.Token]
    private let name: String
    private let functions: Set<String>
    private var index = 0
    private var variables: [String] = ["$"]
    private var rangeDepth = 0
    /// Line of the last token read (Go reports errors at the current token).
    private var line = 1

    /// What ended an item list.
    private enum ListEnd { case end, elseBranch(line: Int), eof }

    private struct Failure: Error { let error: TemplateError }

    /// Parses `source` into a node list.
    static func parse(_ source: String, name: String, functions: Set<String>) throws(TemplateError) -> [TemplateNode] {
        var parser = TemplateParser(tokens: TemplateLexer.tokenize(source), name: name, functions: functions)
        do {
            return try parser.parseTop()
        } catch {
            throw error.error
        }
    }

    private init(tokens: [TemplateLexer.Token], name: String, functions: Set<String>) {
        self.tokens = tokens
        self.name = name
        self.functions = functions
    }

    // MARK: - Token access

    private func fail(_ message: String) -> Failure {
        Failure(error: TemplateError(.parse, name: name, line: line, message: message))
    }

    private mutating func next() -> TemplateLexer.Kind {
        let token = tokens[min(index, tokens.count - 1)]
        index += 1
        line = token.line
        return token.kind
    }

    private func peek() -> TemplateLexer.Kind { tokens[min(index, tokens.count - 1)].kind }

    private mutating func backup() { index -= 1 }

    private mutating func nextNonSpace() -> TemplateLexer.Kind {
        var kind = next()
        while kind == .space { kind = next() }
        return kind
    }

    private mutating func peekNonSpace() -> TemplateLexer.Kind {
        let kind = nextNonSpace()
        backup()
        return kind
    }

    /// Go's item rendering in "unexpected …" messages.
    private static func describe(_ kind: TemplateLexer.Kind) -> String {
        switch kind {
        case .eof: return "EOF"
        case .error(let message): return message
        case .keyword(let word): return "<\(word)>"
        case .text(let s): return quoted(s)
        case .leftDelim: return "\"{{\""
        case .rightDelim: return "\"}}\""
        case .space: return "\" \""
        case .pipe: return "\"|\""
        case .leftParen: return "\"(\""
        case .rightParen: return "\")\""
        case .declare: return "\":=\""
        case .assign: return "\"=\""
        case .comma: return "\",\""
        case .field(let s), .variable(let s), .identifier(let s), .number(let s), .charConstant(let s): return quoted(s)
        case .dot: return "\".\""
        case .bool(let b): return quoted(b ? "true" : "false")
        case .string(let s): return quoted("\"" + s + "\"")
        case .char(let c): return quoted(String(Character(Unicode.Scalar(c))))
        }
    }

    private static func quoted(_ s: String) -> String {
        if s.count > 10 { return "\"" + s.prefix(10) + "\"..." }
        return "\"" + s + "\""
    }

    private mutating func unexpected(_ kind: TemplateLexer.Kind, _ context: String) -> Failure {
        if case .error(let message) = kind { return fail(message) }
        return fail("unexpected \(TemplateParser.describe(kind)) in \(context)")
    }

    private mutating func expect(_ kind: TemplateLexer.Kind, _ context: String) throws(Failure) {
        let token = nextNonSpace()
        if token != kind { throw unexpected(token, context) }
    }

    // MARK: - Lists

    private mutating func parseTop() throws(Failure) -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        while true {
            switch peek() {
            case .eof: return nodes
            case .error(let message):
                _ = next()
                throw fail(message)
            default: break
            }
            switch try textOrAction() {
            case .node(let node): if let node { nodes.append(node) }
            case .end: throw fail("unexpected {{end}}")
            case .elseBranch: throw fail("unexpected {{else}}")
            }
        }
    }

    private enum Item { case node(TemplateNode?), end, elseBranch(line: Int) }

    private mutating func itemList() throws(Failure) -> ([TemplateNode], ListEnd) {
        var nodes: [TemplateNode] = []
        while true {
            if case .eof = peekNonSpace() {
                _ = next()
                throw fail("unexpected EOF")
            }
            switch try textOrAction() {
            case .node(let node): if let node { nodes.append(node) }
            case .end: return (nodes, .end)
            case .elseBranch(let elseLine): return (nodes, .elseBranch(line: elseLine))
            }
        }
    }

    private mutating func textOrAction() throws(Failure) -> Item {
        switch next() {
        case .text(let s): return .node(.text(s))
        case .leftDelim: return try action()
        case .error(let message): throw fail(message)
        case let other: throw unexpected(other, "input")
        }
    }

    // MARK: - Actions

    private mutating func action() throws(Failure) -> Item {
        let token = nextNonSpace()
        if case .keyword(let word) = token {
            switch word {
            case "if": return .node(.ifBranch(try control("if")))
            case "range": return .node(.rangeBranch(try control("range")))
            case "with": return .node(.withBranch(try control("with")))
            case "end":
                try expect(.rightDelim, "end")
                return .end
            case "else":
                let elseLine = line
                if case .keyword(let next) = peekNonSpace(), next == "if" || next == "with" {
                    return .elseBranch(line: elseLine)  // "else if": the `if` stays pending
                }
                try expect(.rightDelim, "else")
                return .elseBranch(line: elseLine)
            case "break", "continue":
                let loopLine = line
                if rangeDepth == 0 { throw fail("{{\(word)}} outside {{range}}") }
                try expect(.rightDelim, word)
                return .node(word == "break" ? .breakLoop(line: loopLine) : .continueLoop(line: loopLine))
            case "define", "template", "block":
                throw fail("{{\(word)}} is not supported in prompt templates")
            default:
                break  // nil: an operand
            }
        }
        backup()
        return .node(.action(try pipeline("command", end: .rightDelim)))
    }

    private mutating func control(_ context: String) throws(Failure) -> TemplateBranch {
        let startLine = line
        let savedVariables = variables.count
        defer { variables.removeSubrange(savedVariables...) }
        let pipe = try pipeline(context, end: .rightDelim)
        if context == "range" { rangeDepth += 1 }
        let (list, end) = try itemList()
        if context == "range" { rangeDepth -= 1 }
        var elseList: [TemplateNode]?
        if case .elseBranch(let elseLine) = end {
            if case .keyword(let word) = peekNonSpace(), word == context, context == "if" || context == "with" {
                _ = nextNonSpace()
                let nested = try control(context)
                elseList = [context == "if" ? .ifBranch(nested) : .withBranch(nested)]
                _ = elseLine
            } else {
                let (list2, end2) = try itemList()
                guard case .end = end2 else { throw fail("expected end; found {{else}}") }
                elseList = list2
            }
        }
        return TemplateBranch(pipeline: pipe, list: list, elseList: elseList, line: startLine)
    }

    // MARK: - Pipelines

    private mutating func pipeline(_ context: String, end: TemplateLexer.Kind) throws(Failure) -> TemplatePipeline {
        var pipe = TemplatePipeline(declarations: [], isAssign: false, commands: [], line: line)
        let save = index
        declarations: if case .variable(let name) = peekNonSpace() {
            _ = nextNonSpace()
            let nextToken = peekNonSpace()
            switch nextToken {
            case .assign, .declare:
                pipe.isAssign = nextToken == .assign
                _ = nextNonSpace()
                pipe.declarations.append(name)
                if pipe.isAssign {
                    if !variables.contains(name) { throw fail("undefined variable \"\(name)\"") }
                } else {
                    variables.append(name)
                }
            case .comma:
                _ = nextNonSpace()
                pipe.declarations.append(name)
                variables.append(name)
                guard context == "range" else { throw fail("too many declarations in \(context)") }
                guard case .variable(let second) = peekNonSpace() else { throw fail("range can only initialize variables") }
                _ = nextNonSpace()
                let op = nextNonSpace()
                guard op == .declare || op == .assign else { throw fail("too many declarations in \(context)") }
                pipe.isAssign = op == .assign
                pipe.declarations.append(second)
                variables.append(second)
            default:
                index = save  // not a declaration: the variable is the first operand
                break declarations
            }
        }
        while true {
            let token = peekNonSpace()
            if token == end {
                _ = nextNonSpace()
                try checkPipeline(pipe, context)
                return pipe
            }
            switch token {
            case .rightDelim, .rightParen, .eof:
                _ = nextNonSpace()
                throw unexpected(token, context)
            case .error(let message):
                _ = nextNonSpace()
                throw fail(message)
            default:
                pipe.commands.append(try command())
            }
        }
    }

    private mutating func checkPipeline(_ pipe: TemplatePipeline, _ context: String) throws(Failure) {
        if pipe.commands.isEmpty { throw fail("missing value for \(context)") }
        for (i, command) in pipe.commands.enumerated().dropFirst() {
            switch command.arguments.first {
            case .bool, .dot, .nilLiteral, .number, .string:
                throw fail("non executable command in pipeline stage \(i + 1)")
            default: break
            }
        }
    }

    private mutating func command() throws(Failure) -> TemplateCommand {
        var command = TemplateCommand(arguments: [])
        loop: while true {
            _ = peekNonSpace()
            if let operand = try operand() { command.arguments.append(operand) }
            let token = next()
            switch token {
            case .space: continue loop
            case .rightDelim, .rightParen: backup()
            case .pipe: break
            default: throw unexpected(token, "operand")
            }
            break loop
        }
        if command.arguments.isEmpty { throw fail("empty command") }
        return command
    }

    private mutating func operand() throws(Failure) -> TemplateOperand? {
        guard let node = try term() else { return nil }
        var fields: [String] = []
        while case .field(let f) = peek() {
            _ = next()
            fields.append(contentsOf: f.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map(String.init))
        }
        if fields.isEmpty { return node }
        switch node {
        case .field(let path): return .field(path + fields)
        case .variable(let v, let path): return .variable(v, path + fields)
        case .chain(let pipe, let path): return .chain(pipe, path + fields)
        case .bool, .string, .number, .nilLiteral, .dot:
            throw fail("unexpected . after term \"\(node.description)\"")
        case .identifier:
            throw fail("unexpected . after term \"\(node.description)\"")
        }
    }

    private mutating func term() throws(Failure) -> TemplateOperand? {
        let token = nextNonSpace()
        switch token {
        case .identifier(let name):
            guard functions.contains(name) else { throw fail("function \"\(name)\" not defined") }
            return .identifier(name)
        case .dot: return .dot
        case .keyword("nil"): return .nilLiteral
        case .variable(let name):
            guard variables.contains(name) else { throw fail("undefined variable \"\(name)\"") }
            return .variable(name, [])
        case .field(let f):
            return .field(f.dropFirst().split(separator: ".").map(String.init))
        case .bool(let b): return .bool(b)
        case .charConstant(let text):
            let value = Int(text) ?? 0
            return .number(TemplateNumber(text: text, intValue: value, floatValue: Double(value)))
        case .number(let text):
            guard let number = TemplateParser.number(text) else { throw fail("illegal number syntax: \"\(text)\"") }
            return .number(number)
        case .leftParen:
            let pipe = try pipeline("parenthesized pipeline", end: .rightParen)
            return .chain(pipe, [])
        case .string(let s): return .string(s)
        default:
            backup()
            return nil
        }
    }

    /// Reads Go number syntax: decimal/hex/octal/binary integers with `_`, and floats.
    static func number(_ text: String) -> TemplateNumber? {
        var body = text.replacingOccurrences(of: "_", with: "")
        var negative = false
        if body.hasPrefix("-") || body.hasPrefix("+") {
            negative = body.hasPrefix("-")
            body.removeFirst()
        }
        if body.hasSuffix("i") { return nil }  // complex constants are not supported
        let lower = body.lowercased()
        var intValue: Int?
        if lower.hasPrefix("0x") && !lower.contains(".") && !lower.contains("p") {
            intValue = Int(lower.dropFirst(2), radix: 16)
        } else if lower.hasPrefix("0o") {
            intValue = Int(lower.dropFirst(2), radix: 8)
        } else if lower.hasPrefix("0b") {
            intValue = Int(lower.dropFirst(2), radix: 2)
        } else if lower.count > 1 && lower.hasPrefix("0") && lower.allSatisfy(\.isNumber) {
            intValue = Int(lower.dropFirst(1), radix: 8)
        } else if lower.allSatisfy(\.isNumber) {
            intValue = Int(lower)
        }
        if let i = intValue {
            let signed = negative ? -i : i
            return TemplateNumber(text: text, intValue: signed, floatValue: Double(signed))
        }
        guard let d = Double(lower) else { return nil }
        return TemplateNumber(text: text, intValue: nil, floatValue: negative ? -d : d)
    }
}
