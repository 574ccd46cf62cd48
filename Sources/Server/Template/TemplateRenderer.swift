/// Executes a parsed template over a `TemplateValue`, following Go's `text/template/exec.go`.
///
/// Variables live on a stack: `$` is the data; each control structure pops what it declared when
/// it ends, and each `range` iteration pops the variables its body declared.
struct TemplateRenderer {
    let name: String
    let functions: TemplateFunctions
    private(set) var output = ""
    private var variables: [(name: String, value: TemplateValue)] = []
    private var depth = 0
    /// Line of the node being executed, for error messages.
    private var line = 1
    private var context: String?

    /// Go's limit on nested control structures during execution.
    static let maxDepth = 10_000

    private enum Flow { case normal, breakLoop, continueLoop }

    init(name: String, functions: TemplateFunctions) {
        self.name = name
        self.functions = functions
    }

    /// Renders `nodes` with `data` as both `.` and `$`.
    mutating func render(_ nodes: [TemplateNode], data: TemplateValue) throws(TemplateError) -> String {
        variables = [("$", data)]
        output = ""
        _ = try walk(nodes, dot: data)
        return output
    }

    private func fail(_ message: String) -> TemplateError {
        TemplateError(.execute, name: name, line: line, message: message, context: context)
    }

    // MARK: - Nodes

    private mutating func walk(_ nodes: [TemplateNode], dot: TemplateValue) throws(TemplateError) -> Flow {
        for node in nodes {
            let flow = try walk(node, dot: dot)
            if flow != .normal { return flow }
        }
        return .normal
    }

    private mutating func walk(_ node: TemplateNode, dot: TemplateValue) throws(TemplateError) -> Flow {
        switch node {
        case .text(let s):
            output += s
        case .action(let pipe):
            let value = try evalPipeline(pipe, dot: dot)
            if pipe.declarations.isEmpty { output += value.actionText }
        case .ifBranch(let branch):
            return try walkIfOrWith(branch, dot: dot, isWith: false)
        case .withBranch(let branch):
            return try walkIfOrWith(branch, dot: dot, isWith: true)
        case .rangeBranch(let branch):
            return try walkRange(branch, dot: dot)
        case .breakLoop: return .breakLoop
        case .continueLoop: return .continueLoop
        }
        return .normal
    }

    private mutating func enter() throws(TemplateError) {
        depth += 1
        if depth > TemplateRenderer.maxDepth { throw fail("exceeded maximum template depth (\(TemplateRenderer.maxDepth))") }
    }

    private mutating func walkIfOrWith(_ branch: TemplateBranch, dot: TemplateValue, isWith: Bool) throws(TemplateError) -> Flow {
        try enter()
        defer { depth -= 1 }
        let mark = variables.count
        defer { variables.removeSubrange(mark...) }
        line = branch.line
        let value = try evalPipeline(branch.pipeline, dot: dot)
        if value.isTruthy {
            return try walk(branch.list, dot: isWith ? value : dot)
        } else if let elseList = branch.elseList {
            return try walk(elseList, dot: dot)
        }
        return .normal
    }

    private mutating func walkRange(_ branch: TemplateBranch, dot: TemplateValue) throws(TemplateError) -> Flow {
        try enter()
        defer { depth -= 1 }
        let outer = variables.count
        defer { variables.removeSubrange(outer...) }
        line = branch.line
        let value = try evalPipeline(branch.pipeline, dot: dot)
        let mark = variables.count
        let declarations = branch.pipeline.declarations
        let isAssign = branch.pipeline.isAssign

        var items: [(index: TemplateValue, element: TemplateValue)] = []
        switch value {
        case .list(let l): items = l.items.enumerated().map { (.int($0.offset), $0.element) }
        case .map(let m): items = m.orderedKeys.map { (.string($0), m[$0] ?? .missing) }
        case .int(let n):
            if declarations.count > 1 { throw fail("can't use \(n) to iterate over more than one variable") }
            items = (0..<max(n, 0)).map { (.int($0), .int($0)) }
        case .missing: break
        default: throw fail("range can't iterate over \(value.goString)")
        }
        if items.isEmpty {
            if let elseList = branch.elseList { return try walk(elseList, dot: dot) }
            return .normal
        }
        for (index, element) in items {
            // One variable gets the element; two get index/key then element.
            if declarations.count == 1 {
                set(declarations[0], element, isAssign: isAssign, topOffset: 1)
            } else if declarations.count == 2 {
                set(declarations[0], index, isAssign: isAssign, topOffset: 2)
                set(declarations[1], element, isAssign: isAssign, topOffset: 1)
            }
            let flow = try walk(branch.list, dot: element)
            variables.removeSubrange(mark...)
            if flow == .breakLoop { break }
        }
        return .normal
    }

    /// Declared range variables are the top of the stack; assigned ones are found by name.
    private mutating func set(_ name: String, _ value: TemplateValue, isAssign: Bool, topOffset: Int) {
        if isAssign {
            assign(name, value)
        } else {
            variables[variables.count - topOffset].value = value
        }
    }

    private mutating func assign(_ name: String, _ value: TemplateValue) {
        if let i = variables.lastIndex(where: { $0.name == name }) { variables[i].value = value }
    }

    private func variable(_ name: String) throws(TemplateError) -> TemplateValue {
        guard let entry = variables.last(where: { $0.name == name }) else { throw fail("undefined variable: \(name)") }
        return entry.value
    }

    // MARK: - Pipelines and commands

    private mutating func evalPipeline(_ pipe: TemplatePipeline, dot: TemplateValue) throws(TemplateError) -> TemplateValue {
        line = pipe.line
        var value: TemplateValue?
        for command in pipe.commands {
            value = try evalCommand(command, dot: dot, final: value)
        }
        let result = value ?? .missing
        for name in pipe.declarations {
            if pipe.isAssign { assign(name, result) } else { variables.append((name, result)) }
        }
        return result
    }

    private mutating func evalCommand(_ command: TemplateCommand, dot: TemplateValue, final: TemplateValue?) throws(TemplateError) -> TemplateValue {
        guard let first = command.arguments.first else { throw fail("empty command") }
        context = first.description
        let args = Array(command.arguments.dropFirst())
        switch first {
        case .field(let path):
            return try evalFieldChain(dot, path, hasArgs: !args.isEmpty || final != nil, strict: true)
        case .chain(let pipe, let path):
            let base = try evalPipeline(pipe, dot: dot)
            if path.isEmpty {
                try notAFunction(first, args, final)
                return base
            }
            return try evalFieldChain(base, path, hasArgs: !args.isEmpty || final != nil, strict: true)
        case .variable(let name, let path):
            let base = try variable(name)
            if path.isEmpty {
                try notAFunction(first, args, final)
                return base
            }
            return try evalFieldChain(base, path, hasArgs: !args.isEmpty || final != nil, strict: false)
        case .identifier(let function):
            return try call(function, args, dot: dot, final: final)
        case .nilLiteral:
            throw fail("nil is not a command")
        default:
            try notAFunction(first, args, final)
            return try evalArgument(first, dot: dot)
        }
    }

    private func notAFunction(_ first: TemplateOperand, _ args: [TemplateOperand], _ final: TemplateValue?) throws(TemplateError) {
        if !args.isEmpty || final != nil { throw fail("can't give argument to non-function \(first.description)") }
    }

    /// `.A.B.C` from `receiver`. A nil receiver in the chain is an error, except at the start
    /// of a variable's chain (Go has already unwrapped the nil interface there).
    private func evalFieldChain(_ receiver: TemplateValue, _ path: [String], hasArgs: Bool, strict: Bool) throws(TemplateError) -> TemplateValue {
        var current = receiver
        for (i, field) in path.enumerated() {
            let isLast = i == path.count - 1
            switch current {
            case .missing:
                if i == 0 && !strict { return .missing }
                throw fail("nil pointer evaluating interface {}.\(field)")
            case .map(let m):
                if isLast && hasArgs { throw fail("\(field) is not a method but has arguments") }
                current = m[field] ?? .missing
            case .record(let r):
                guard let value = r[field] else { throw fail("can't evaluate field \(field) in type \(r.typeName)") }
                if isLast && hasArgs { throw fail("\(field) has arguments but cannot be invoked as function") }
                current = value
            default:
                throw fail("can't evaluate field \(field) in type \(current.goTypeName)")
            }
        }
        return current
    }

    private mutating func evalArgument(_ operand: TemplateOperand, dot: TemplateValue) throws(TemplateError) -> TemplateValue {
        switch operand {
        case .dot: return dot
        case .nilLiteral: return .missing
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .number(let n):
            if let i = n.intValue { return .int(i) }
            return .float(n.floatValue)
        case .field(let path): return try evalFieldChain(dot, path, hasArgs: false, strict: true)
        case .variable(let name, let path):
            let base = try variable(name)
            return path.isEmpty ? base : try evalFieldChain(base, path, hasArgs: false, strict: false)
        case .chain(let pipe, let path):
            let base = try evalPipeline(pipe, dot: dot)
            return path.isEmpty ? base : try evalFieldChain(base, path, hasArgs: false, strict: true)
        case .identifier(let function):
            return try call(function, [], dot: dot, final: nil)
        }
    }

    private mutating func call(_ function: String, _ args: [TemplateOperand], dot: TemplateValue, final: TemplateValue?) throws(TemplateError) -> TemplateValue {
        // and/or short-circuit: return the first falsy/truthy operand, else the last.
        if function == "and" || function == "or" {
            let count = args.count + (final == nil ? 0 : 1)
            if count < 1 { throw fail("wrong number of args for \(function): want at least 1 got 0") }
            var value = TemplateValue.missing
            for (i, arg) in args.enumerated() {
                value = try evalArgument(arg, dot: dot)
                let isLast = i == count - 1
                if isLast { return value }
                if (function == "and") != value.isTruthy { return value }
            }
            return final ?? value
        }
        guard let implementation = functions.table[function] else { throw fail("\"\(function)\" is not a defined function") }
        var values: [TemplateValue] = []
        values.reserveCapacity(args.count + 1)
        for arg in args { values.append(try evalArgument(arg, dot: dot)) }
        if let final { values.append(final) }
        do {
            return try implementation(values)
        } catch {
            context = function
            throw fail("error calling \(function): \(error.message)")
        }
    }
}
