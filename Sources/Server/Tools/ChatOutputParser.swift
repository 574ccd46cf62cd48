import Foundation

/// Splits a chat model's streamed text into thinking, content and tool calls, as the template
/// defines them: the thinking section (`<think>…</think>`) first, then tool calls in the
/// template's format (`<tool_call>{…}` or bare JSON) among the content.
///
/// Without tools, content passes straight through; with `think` off, the thinking section is
/// parsed out and dropped (suppressed) rather than shown as content.
package struct ChatOutputParser {
    /// What one piece of output became.
    package struct Delta: Equatable, Sendable {
        package var thinking = ""
        package var content = ""
        package var calls: [ParsedToolCall] = []

        package init(thinking: String = "", content: String = "", calls: [ParsedToolCall] = []) {
            self.thinking = thinking
            self.content = content
            self.calls = calls
        }

        /// Nothing to send.
        package var isEmpty: Bool { thinking.isEmpty && content.isEmpty && calls.isEmpty }

        mutating func append(_ other: Delta) {
            thinking += other.thinking
            content += other.content
            calls += other.calls
        }
    }

    private var splitter: ThinkingSplitter?
    /// Whether thinking is returned (false: parsed out and dropped).
    private let keepThinking: Bool
    private var tools: ToolCallParser?

    /// - Parameters:
    ///   - thinkingTags: the template's tags; nil when the model does not think.
    ///   - keepThinking: return the thinking (`think` on) or drop it (`think: false`).
    ///   - startsInThinking: the prompt already ends with the opening tag.
    ///   - toolTag: the template's tool-call tag (`PromptTemplate.toolCallTag`); nil without tools.
    ///   - toolNames: the offered tools (a call to another name stays content).
    package init(thinkingTags: (opening: String, closing: String)?, keepThinking: Bool, startsInThinking: Bool = false,
                 toolTag: String?, toolNames: [String] = []) {
        if let tags = thinkingTags, !tags.opening.isEmpty, !tags.closing.isEmpty {
            splitter = ThinkingSplitter(opening: tags.opening, closing: tags.closing, startsInThinking: startsInThinking)
        }
        self.keepThinking = keepThinking
        tools = toolTag.map { ToolCallParser(tag: $0, toolNames: toolNames) }
    }

    /// Adds generated text; returns what is now safe to show.
    package mutating func add(_ text: String) -> Delta {
        guard var split = splitter else { return content(text, final: false) }
        let out = split.add(text)
        splitter = split
        var delta = content(out.content, final: false)
        if keepThinking { delta.thinking = out.thinking }
        return delta
    }

    /// Ends the stream, releasing everything held back (nothing is dropped but suppressed thinking).
    package mutating func finish() -> Delta {
        var delta = Delta()
        if var split = splitter {
            let out = split.finish()
            splitter = split
            delta = content(out.content, final: false)
            if keepThinking { delta.thinking = out.thinking }
        }
        delta.append(content("", final: true))
        return delta
    }

    private mutating func content(_ text: String, final: Bool) -> Delta {
        guard var parser = tools else { return Delta(content: text) }
        let out = final ? parser.finish() : parser.add(text)
        tools = parser
        return Delta(content: out.content, calls: out.calls)
    }
}

extension ParsedToolCall {
    /// ollama's `api.ToolCall` for `/api/chat`.
    package var apiToolCall: ToolCall {
        ToolCall(function: .init(index: index, name: name, arguments: arguments))
    }

    /// `call_` and 8 random lower-case letters and digits (OpenAI's ids as ollama makes them).
    static func randomID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return "call_" + String((0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }

    /// The OpenAI shape: `{"id","type":"function","function":{"name","arguments":"<json>"}}`
    /// (`index` too in stream deltas).
    func openAIToolCall(id: String, withIndex: Bool) -> JSONValue {
        var fields: [(String, JSONValue)] = []
        if withIndex { fields.append(("index", .int(Int64(index)))) }
        fields += [("id", .string(id)), ("type", "function"),
                   ("function", .object(JSONObject([
                       ("name", .string(name)),
                       ("arguments", .string(JSONValue.object(arguments).serialized(escapeHTML: false))),
                   ])))]
        return .object(JSONObject(fields))
    }
}
