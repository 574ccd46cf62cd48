/// A parsed Go `text/template`: the engine ollama's model templates are written for.
///
/// Supports text and actions, `{{-`/`-}}` trimming, comments, `if`/`else if`/`else`, `range`
/// (lists, maps in sorted key order, integers; `break`/`continue`; `else`), `with`, variables
/// (`:=`, `=`, `$`), field chains, pipelines, parenthesized arguments and the builtin functions;
/// not `define`/`template`/`block`. Missing map keys yield nil (`missingkey=zero` on
/// `map[string]any`, which prints `<no value>`).
package struct GoTemplate: Sendable {
    /// The name used in error messages (ollama's templates are unnamed: `template: :3: …`).
    package let name: String
    /// The parse tree.
    package var nodes: [TemplateNode]
    package let functions: TemplateFunctions

    /// Parses `source`.
    /// - Throws: `TemplateError` (`template: <name>:<line>: <message>`).
    package init(_ source: String, name: String = "", functions: TemplateFunctions = .ollama()) throws(TemplateError) {
        self.name = name
        self.functions = functions
        nodes = try TemplateParser.parse(source, name: name, functions: functions.names)
    }

    /// A template made from an existing tree.
    package init(nodes: [TemplateNode], name: String = "", functions: TemplateFunctions = .ollama()) {
        self.name = name
        self.functions = functions
        self.nodes = nodes
    }

    /// Executes the template with `data` as `.` and `$`.
    /// - Throws: `TemplateError` for execution errors (a bad field, a failing function).
    package func render(_ data: TemplateValue) throws(TemplateError) -> String {
        var renderer = TemplateRenderer(name: name, functions: functions)
        return try renderer.render(nodes, data: data)
    }
}
