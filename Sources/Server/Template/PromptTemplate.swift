/// A model's prompt template with ollama's conventions (`template.Parse` in ollama).
///
/// A template that mentions neither `.Messages` nor `.Response` is a *legacy* template: a
/// `{{ .Response }}` action is appended to it at parse time, and it is rendered one
/// (system, user, assistant) turn at a time (see `ChatPromptRenderer`).
package struct PromptTemplate: Sendable {
    /// The template text as written.
    package let source: String
    /// The parsed template (with `{{ .Response }}` appended for legacy templates).
    package let template: GoTemplate
    /// Every field and variable name the template mentions, lowercased (ollama's `Vars`).
    package let variables: Set<String>

    /// Parses `source` with ollama's functions.
    /// - Throws: `TemplateError`; ollama reports it as `template error: <description>`.
    package init(_ source: String, functions: TemplateFunctions = .ollama()) throws(TemplateError) {
        var template = try GoTemplate(source, functions: functions)
        var variables = PromptTemplate.identifiers(template.nodes)
        if !variables.contains("messages") && !variables.contains("response") {
            template.nodes.append(PromptTemplate.responseAction)
            variables.insert("response")
        }
        self.source = source
        self.template = template
        self.variables = variables
    }

    /// ollama's default template `{{ .Prompt }}` (used when a model has none).
    package static var defaultTemplate: PromptTemplate {
        PromptTemplate(source: "{{ .Prompt }}", nodes: [field("Prompt"), responseAction], variables: ["prompt", "response"])
    }

    private init(source: String, nodes: [TemplateNode], variables: Set<String>) {
        self.source = source
        template = GoTemplate(nodes: nodes)
        self.variables = variables
    }

    private static func field(_ name: String) -> TemplateNode {
        .action(TemplatePipeline(declarations: [], isAssign: false, commands: [TemplateCommand(arguments: [.field([name])])], line: 1))
    }

    /// The `{{ .Response }}` appended to legacy templates.
    static let responseAction = field("Response")

    /// Whether `.Messages` drives rendering (otherwise the legacy per-turn path is used).
    package var usesMessages: Bool { variables.contains("messages") }

    // MARK: - Capabilities

    /// What the template lets a model do, as ollama infers it.
    package struct Capabilities: Sendable, Equatable {
        /// `.Tools` is mentioned.
        package var tools: Bool
        /// `.Suffix` is mentioned (fill-in-middle).
        package var insert: Bool
        /// Thinking tags were found around `.Thinking` in a `range .Messages`.
        package var thinking: Bool
    }

    package var capabilities: Capabilities {
        let tags = thinkingTags
        return Capabilities(tools: variables.contains("tools"), insert: variables.contains("suffix"),
                            thinking: !tags.opening.isEmpty && !tags.closing.isEmpty)
    }
}
