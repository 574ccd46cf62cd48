/// Static analysis of a prompt template: identifiers, thinking tags, the tool-call tag, and the
/// legacy "cut after `.Response`" rewrite, each following ollama's tree walk.
extension PromptTemplate {
    /// Field and variable names (lowercased) in actions and control pipelines; a parenthesized
    /// pipeline is searched, a chain `(…).X` is not (ollama's `Identifiers`).
    static func identifiers(_ nodes: [TemplateNode]) -> Set<String> {
        var names = Set<String>()
        func visit(_ pipe: TemplatePipeline) {
            for command in pipe.commands {
                for arg in command.arguments {
                    switch arg {
                    case .field(let path): path.forEach { names.insert($0.lowercased()) }
                    case .variable(let name, let path): ([name] + path).forEach { names.insert($0.lowercased()) }
                    case .chain(let inner, let path) where path.isEmpty: visit(inner)
                    default: break
                    }
                }
            }
        }
        func visit(_ list: [TemplateNode]) {
            for node in list {
                switch node {
                case .action(let pipe): visit(pipe)
                case .ifBranch(let b), .rangeBranch(let b), .withBranch(let b):
                    visit(b.pipeline)
                    visit(b.list)
                    if let e = b.elseList { visit(e) }
                default: break
                }
            }
        }
        visit(nodes)
        return names
    }

    // MARK: - Thinking tags

    /// The text around `{{ .Thinking }}` inside a `range` over `.Messages`: the first and last
    /// text nodes of the enclosing list, trimmed (`<think>`, `</think>`). Empty when absent.
    package var thinkingTags: (opening: String, closing: String) {
        var opening = ""
        var closing = ""
        func mentions(_ pipe: TemplatePipeline, _ field: String) -> Bool {
            pipe.commands.contains { $0.arguments.contains { if case .field(let p) = $0 { return p.first == field } else { return false } } }
        }
        func actionMentionsThinking(_ pipe: TemplatePipeline) -> Bool {
            func search(_ p: TemplatePipeline) -> Bool {
                p.commands.contains { command in
                    command.arguments.contains { arg in
                        switch arg {
                        case .field(let path): return path.first == "Thinking"
                        case .chain(let inner, _): return search(inner)
                        default: return false
                        }
                    }
                }
            }
            return search(pipe)
        }
        func visit(_ list: [TemplateNode], inMessagesRange: Bool) {
            for node in list {
                switch node {
                case .action(let pipe) where inMessagesRange && actionMentionsThinking(pipe):
                    if case .text(let first)? = list.first { opening = first.trimmingCharacters(in: .whitespacesAndNewlines) } else { opening = "" }
                    if case .text(let last)? = list.last { closing = last.trimmingCharacters(in: .whitespacesAndNewlines) } else { closing = "" }
                case .rangeBranch(let b):
                    let isMessages = mentions(b.pipeline, "Messages")
                    visit(b.list, inMessagesRange: isMessages)
                    if let e = b.elseList { visit(e, inMessagesRange: isMessages) }
                case .ifBranch(let b), .withBranch(let b):
                    visit(b.list, inMessagesRange: inMessagesRange)
                    if let e = b.elseList { visit(e, inMessagesRange: inMessagesRange) }
                default: break
                }
            }
        }
        visit(template.nodes, inMessagesRange: false)
        return (opening, closing)
    }

    // MARK: - Tool-call tag

    /// The text that opens a tool call: the first non-blank text inside `{{ if …ToolCalls… }}`
    /// (before any action), cut at `{` and trimmed — e.g. `<tool_call>` — or `{` when there is none.
    package var toolCallTag: String {
        func isToolCallsIf(_ b: TemplateBranch) -> Bool {
            b.pipeline.commands.contains { $0.arguments.contains { if case .field(let p) = $0 { return p.contains("ToolCalls") } else { return false } } }
        }
        func findIf(_ list: [TemplateNode]) -> TemplateBranch? {
            for node in list {
                switch node {
                case .ifBranch(let b):
                    if isToolCallsIf(b) { return b }
                    if let found = findIf(b.list) ?? b.elseList.flatMap(findIf) { return found }
                case .rangeBranch(let b), .withBranch(let b):
                    if let found = findIf(b.list) ?? b.elseList.flatMap(findIf) { return found }
                default: break
                }
            }
            return nil
        }
        func firstText(_ list: [TemplateNode]) -> String? {
            for node in list {
                switch node {
                case .text(let s):
                    if s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
                    return s
                case .ifBranch(let b), .rangeBranch(let b), .withBranch(let b):
                    return firstText(b.list) ?? b.elseList.flatMap(firstText)
                case .action: return nil
                default: continue
                }
            }
            return nil
        }
        guard let branch = findIf(template.nodes), let text = firstText(branch.list) else { return "{" }
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        let head = normalized.split(separator: "{", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let tag = head.trimmingCharacters(in: .whitespacesAndNewlines)
        return tag.isEmpty ? "{" : tag
    }

    // MARK: - Legacy cut

    /// The tree with everything after the first `.Response` field (in an action) removed:
    /// the final turn of a legacy template ends where the model's answer begins.
    static func cutAfterResponse(_ nodes: [TemplateNode]) -> [TemplateNode] {
        var cut = false
        func walkPipe(_ pipe: TemplatePipeline) -> TemplatePipeline? {
            if cut { return nil }
            var commands: [TemplateCommand] = []
            for command in pipe.commands {
                var args: [TemplateOperand] = []
                for arg in command.arguments {
                    if cut { continue }
                    switch arg {
                    case .field(let path):
                        if path.contains("Response") { cut = true }
                        args.append(arg)
                    case .chain(let inner, let path) where path.isEmpty:
                        if let kept = walkPipe(inner) { args.append(.chain(kept, path)) }
                    default:
                        args.append(arg)
                    }
                }
                if args.isEmpty { return nil }
                commands.append(TemplateCommand(arguments: args))
            }
            if commands.isEmpty { return nil }
            var copy = pipe
            copy.commands = commands
            return copy
        }
        func walkBranch(_ b: TemplateBranch) -> TemplateBranch {
            var copy = b
            copy.list = walkList(b.list)
            copy.elseList = b.elseList.flatMap { cut ? nil : walkList($0) }
            return copy
        }
        func walkList(_ list: [TemplateNode]) -> [TemplateNode] {
            var out: [TemplateNode] = []
            for node in list {
                if cut { continue }
                switch node {
                case .action(let pipe):
                    if let kept = walkPipe(pipe) { out.append(.action(kept)) }
                case .ifBranch(let b): out.append(.ifBranch(walkBranch(b)))
                case .rangeBranch(let b): out.append(.rangeBranch(walkBranch(b)))
                case .withBranch(let b): out.append(.withBranch(walkBranch(b)))
                default: out.append(node)
                }
            }
            return out
        }
        return walkList(nodes)
    }
}

import Foundation
