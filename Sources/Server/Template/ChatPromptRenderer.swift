/// What a prompt is rendered from (ollama's `template.Values`).
package struct PromptValues: Sendable {
    package var messages: [PromptMessage]
    /// Tool definitions as the client sent them (`{"type":"function","function":{…}}`).
    package var tools: [JSONValue]
    /// For fill-in-middle: with a non-empty `suffix`, the template runs on `.Prompt`/`.Suffix`.
    package var prompt: String
    package var suffix: String
    package var think: Bool
    /// `"low"`, `"medium"`, `"high"` when `think` was given as a level.
    package var thinkLevel: String
    /// Whether the request set `think` at all.
    package var isThinkSet: Bool

    package init(messages: [PromptMessage] = [], tools: [JSONValue] = [], prompt: String = "", suffix: String = "",
                 think: Bool = false, thinkLevel: String = "", isThinkSet: Bool = false) {
        self.messages = messages
        self.tools = tools
        self.prompt = prompt
        self.suffix = suffix
        self.think = think
        self.thinkLevel = thinkLevel
        self.isThinkSet = isThinkSet
    }
}

/// Renders a prompt the way ollama's `Template.Execute` does.
///
/// 1. With both `prompt` and `suffix`: the template runs once on `{Prompt, Suffix, Response:""}`.
/// 2. If the template mentions `.Messages`: consecutive messages of one role (except `tool`) are
///    merged with a blank line, `.System` is every system message joined by a blank line, and the
///    template runs once on `{System, Messages, Tools, Response:"", Think, ThinkLevel, IsThinkSet}`.
/// 3. Otherwise (legacy): the template runs per turn with `{System, Prompt, Response}`: a system
///    message after a prompt or response, or a user message after a response, flushes the turn.
///    The last turn runs on a copy of the tree cut right after the first `.Response`.
package struct ChatPromptRenderer: Sendable {
    package let template: PromptTemplate
    /// How tool parameter properties are ordered (ollama: sorted, as a Go map).
    package var propertyOrder: ToolTemplateData.PropertyOrder
    /// Render messages per turn even if the template supports `.Messages` (for comparisons).
    package var forceLegacy: Bool

    package init(template: PromptTemplate, propertyOrder: ToolTemplateData.PropertyOrder = .sorted, forceLegacy: Bool = false) {
        self.template = template
        self.propertyOrder = propertyOrder
        self.forceLegacy = forceLegacy
    }

    /// The rendered prompt.
    /// - Throws: `TemplateError` when execution fails (a bad field, a failing function).
    package func render(_ values: PromptValues) throws(TemplateError) -> String {
        let (system, messages) = ChatPromptRenderer.collate(values.messages)
        let thinking: [(String, TemplateValue)] = [
            ("Think", .bool(values.think)), ("ThinkLevel", .string(values.thinkLevel)), ("IsThinkSet", .bool(values.isThinkSet)),
        ]
        if !values.prompt.isEmpty && !values.suffix.isEmpty {
            return try template.template.render(.map(TemplateMap([
                ("Prompt", .string(values.prompt)), ("Suffix", .string(values.suffix)), ("Response", .string("")),
            ] + thinking)))
        }
        if !forceLegacy && template.usesMessages {
            return try template.template.render(.map(TemplateMap([
                ("System", .string(system)),
                ("Messages", .list(TemplateList(messages.map(ToolTemplateData.message), isNil: messages.isEmpty))),
                ("Tools", ToolTemplateData.tools(values.tools, order: propertyOrder)),
                ("Response", .string("")),
            ] + thinking)))
        }
        return try renderLegacy(messages, thinking: thinking)
    }

    private func renderLegacy(_ messages: [PromptMessage], thinking: [(String, TemplateValue)]) throws(TemplateError) -> String {
        var output = ""
        var system = "", prompt = "", response = ""
        func turn() -> TemplateValue {
            .map(TemplateMap([("System", .string(system)), ("Prompt", .string(prompt)), ("Response", .string(response))] + thinking))
        }
        for message in messages {
            switch message.role {
            case "system":
                if !prompt.isEmpty || !response.isEmpty {
                    output += try template.template.render(turn())
                    (system, prompt, response) = ("", "", "")
                }
                system = message.content
            case "user":
                if !response.isEmpty {
                    output += try template.template.render(turn())
                    (system, prompt, response) = ("", "", "")
                }
                prompt = message.content
            case "assistant":
                response = message.content
            default:
                break
            }
        }
        let last = GoTemplate(nodes: PromptTemplate.cutAfterResponse(template.template.nodes),
                              name: template.template.name, functions: template.template.functions)
        output += try last.render(turn())
        return output
    }

    /// Merges consecutive same-role messages (tool messages excepted) with `"\n\n"` and collects
    /// every system message's content, joined by `"\n\n"`.
    package static func collate(_ messages: [PromptMessage]) -> (system: String, messages: [PromptMessage]) {
        var systems: [String] = []
        var collated: [PromptMessage] = []
        for message in messages {
            if message.role == "system" { systems.append(message.content) }
            if let last = collated.last, last.role == message.role, message.role != "tool" {
                collated[collated.count - 1].content += "\n\n" + message.content
            } else {
                collated.append(message)
            }
        }
        return (systems.joined(separator: "\n\n"), collated)
    }
}
