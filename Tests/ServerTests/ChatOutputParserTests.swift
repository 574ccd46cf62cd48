import Server
import Testing

/// Thinking and tool calls split out of streamed output together, at every chunk boundary.
@Suite struct ChatOutputParserTests {
    static let output = "<think>\nThe user wants weather.\n</think>\n\nLet me check. <tool_call>{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}</tool_call>"

    /// Feeds `text` in pieces of `size` characters.
    static func run(_ parser: inout ChatOutputParser, _ text: String, size: Int) -> ChatOutputParser.Delta {
        var all = ChatOutputParser.Delta()
        var rest = Substring(text)
        while !rest.isEmpty {
            let piece = rest.prefix(size)
            rest = rest.dropFirst(size)
            let d = parser.add(String(piece))
            all.thinking += d.thinking
            all.content += d.content
            all.calls += d.calls
        }
        let d = parser.finish()
        all.thinking += d.thinking
        all.content += d.content
        all.calls += d.calls
        return all
    }

    @Test(arguments: [1, 2, 3, 7, 200])
    func thinkingAndToolCalls(size: Int) {
        var parser = ChatOutputParser(thinkingTags: ("<think>", "</think>"), keepThinking: true,
                                      toolTag: "<tool_call>", toolNames: ["get_weather"])
        let out = Self.run(&parser, Self.output, size: size)
        #expect(out.thinking == "The user wants weather.\n")
        #expect(out.content == "Let me check. ")
        #expect(out.calls == [ParsedToolCall(name: "get_weather", arguments: ["city": "Paris"], index: 0)])
    }

    @Test func thinkFalseDropsTheThinking() {
        var parser = ChatOutputParser(thinkingTags: ("<think>", "</think>"), keepThinking: false, toolTag: nil)
        let out = Self.run(&parser, "<think>hmm</think>Hello", size: 3)
        #expect(out.thinking.isEmpty)
        #expect(out.content == "Hello")
    }

    @Test func withoutToolsACallLooksLikeContent() {
        var parser = ChatOutputParser(thinkingTags: nil, keepThinking: false, toolTag: nil)
        let out = Self.run(&parser, Self.output, size: 5)
        #expect(out.content == Self.output)
        #expect(out.calls.isEmpty)
    }

    @Test func brokenCallIsContent() {
        var parser = ChatOutputParser(thinkingTags: nil, keepThinking: false, toolTag: "<tool_call>", toolNames: ["get_weather"])
        let text = "<tool_call>{\"name\": \"get_weather\", \"arguments\": {\"city\": }</tool_call>"
        let out = Self.run(&parser, text, size: 4)
        #expect(out.calls.isEmpty)
        #expect(out.content == text)
    }

    @Test func startsInThinkingWhenThePromptOpenedIt() {
        var parser = ChatOutputParser(thinkingTags: ("<think>", "</think>"), keepThinking: true, startsInThinking: true, toolTag: nil)
        let out = Self.run(&parser, "weighing it</think>Answer", size: 2)
        #expect(out.thinking == "weighing it")
        #expect(out.content == "Answer")
    }
}
