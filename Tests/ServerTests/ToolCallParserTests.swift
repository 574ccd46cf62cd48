import Testing

import Server

/// Tool-call and thinking parsers, fed whole and split at every position (streaming).
@Suite struct ToolCallParserTests {
    typealias Output = ToolCallParser.Output

    /// Feeds `chunks` and the final flush, concatenating content and calls.
    static func run(_ parser: ToolCallParser, _ chunks: [String]) -> Output {
        var p = parser
        var total = Output()
        for chunk in chunks {
            let out = p.add(chunk)
            total.content += out.content
            total.calls += out.calls
        }
        let last = p.finish()
        total.content += last.content
        total.calls += last.calls
        return total
    }

    /// Checks `text` whole, split once at every byte position that is a character boundary,
    /// and fed one character at a time: the result never depends on the chunking.
    static func check(_ parser: ToolCallParser, _ text: String, content: String, calls: [ParsedToolCall],
                      sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = Output(content: content, calls: calls)
        #expect(run(parser, [text]) == expected, sourceLocation: sourceLocation)
        let characters = Array(text)
        for i in 0...characters.count {
            let split = [String(characters[..<i]), String(characters[i...])]
            #expect(run(parser, split) == expected, "split at \(i)", sourceLocation: sourceLocation)
        }
        #expect(run(parser, characters.map { String($0) }) == expected, "char by char", sourceLocation: sourceLocation)
    }

    static func call(_ name: String, _ args: JSONObject = JSONObject(), _ index: Int = 0) -> ParsedToolCall {
        ParsedToolCall(name: name, arguments: args, index: index)
    }

    static let qwen = ToolCallParser(tag: "<tool_call>", toolNames: ["get_weather", "add"])
    static let bare = ToolCallParser(tag: "{", toolNames: ["get_weather", "add"])

    // MARK: - Tagged

    @Test func taggedSingleAndMultipleCalls() {
        Self.check(Self.qwen, "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>",
                   content: "", calls: [Self.call("get_weather", ["city": "Paris"])])
        Self.check(Self.qwen,
                   "Let me check.<tool_call>{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2}}</tool_call>\n<tool_call>{\"name\":\"get_weather\",\"parameters\":{\"city\":\"Oslo\"}}</tool_call> Done.",
                   content: "Let me check.Done.",
                   calls: [Self.call("add", ["a": 1, "b": 2], 0), Self.call("get_weather", ["city": "Oslo"], 1)])
        Self.check(Self.qwen, "<tool_call>[{\"name\":\"add\",\"arguments\":{\"a\":1}},{\"name\":\"add\"}]</tool_call>",
                   content: "", calls: [Self.call("add", ["a": 1], 0), Self.call("add", [:], 1)])
        // Arguments written as a JSON string, and the OpenAI shape.
        Self.check(Self.qwen, "<tool_call>{\"function\":{\"name\":\"add\",\"arguments\":\"{\\\"a\\\": 2}\"}}",
                   content: "", calls: [Self.call("add", ["a": 2])])
    }

    @Test func taggedNonCallsComeBackAsContent() {
        // Unknown tool, invalid JSON, no JSON, an unfinished call at the end: all content.
        for text in [
            "<tool_call>{\"name\":\"delete_all\",\"arguments\":{}}</tool_call>",
            "<tool_call>{\"name\":\"add\",\"arguments\":{\"a\":1,}}</tool_call> ok",
            "<tool_call> call add please",
            "before <tool_call>{\"name\":\"add\",\"arguments\":{\"a\":",
            "a <tool_ca",
            "<tool_call>",
            "x <tool_call>{\"name\": \"add\"]",
        ] {
            Self.check(Self.qwen, text, content: text, calls: [])
        }
        // A failed tag does not hide a later real call.
        Self.check(Self.qwen, "<tool_call>oops <tool_call>{\"name\":\"add\"}</tool_call>",
                   content: "<tool_call>oops ", calls: [Self.call("add")])
        // Text with braces in strings is scanned correctly.
        Self.check(Self.qwen, "<tool_call>{\"name\":\"add\",\"arguments\":{\"s\":\"}]{[\\\"\"}}</tool_call>",
                   content: "", calls: [Self.call("add", ["s": "}]{[\""])])
    }

    // MARK: - Bare JSON

    @Test func bareJSONCalls() {
        Self.check(Self.bare, "{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Rome\"}}",
                   content: "", calls: [Self.call("get_weather", ["city": "Rome"])])
        Self.check(Self.bare, " [{\"name\":\"add\",\"arguments\":{\"a\":1}}, {\"name\":\"get_weather\",\"arguments\":{}}]",
                   content: " ", calls: [Self.call("add", ["a": 1], 0), Self.call("get_weather", [:], 1)])
        Self.check(Self.bare, "Sure! {\"name\":\"add\",\"arguments\":{\"a\":3}}\n{\"name\":\"add\",\"arguments\":{\"a\":4}}",
                   content: "Sure! ", calls: [Self.call("add", ["a": 3], 0), Self.call("add", ["a": 4], 1)])
    }

    @Test func bareJSONNonCallsAreContent() {
        for text in [
            "The set {1, 2} has two elements.",
            "Use {\"a\": 1} as config [see docs].",
            "{\"name\": \"unknown\", \"arguments\": {}}",
            "[1, 2, 3]",
            "{ unfinished",
            "{\"name\":\"add\",\"arguments\":[1]}",
        ] {
            Self.check(Self.bare, text, content: text, calls: [])
        }
        Self.check(Self.bare, "[note] {\"name\":\"add\"}", content: "[note] ", calls: [Self.call("add")])
    }

    @Test func anyNameWhenNoToolsListed() {
        let p = ToolCallParser(tag: "<tool_call>")
        Self.check(p, "<tool_call>{\"name\":\"whatever\"}", content: "", calls: [Self.call("whatever")])
    }

    @Test func contentStreamsBeforeTheCallCompletes() {
        var p = Self.qwen
        #expect(p.add("Hello <tool").content == "Hello ")
        #expect(p.add("_call>{\"name\":").content == "")
        let out = p.add("\"add\"}</tool_call>")
        #expect(out.calls == [Self.call("add")])
        #expect(p.add(" bye").content == "bye")
        #expect(p.finish() == Output())
        var q = Self.bare
        #expect(q.add("no calls here").content == "no calls here")
    }

    // MARK: - Thinking

    static func runThinking(_ s: ThinkingSplitter, _ chunks: [String]) -> ThinkingSplitter.Output {
        var s = s
        var total = ThinkingSplitter.Output()
        for chunk in chunks {
            let out = s.add(chunk)
            total.thinking += out.thinking
            total.content += out.content
        }
        let last = s.finish()
        total.thinking += last.thinking
        total.content += last.content
        return total
    }

    static func checkThinking(_ s: ThinkingSplitter, _ text: String, thinking: String, content: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = ThinkingSplitter.Output(thinking: thinking, content: content)
        let characters = Array(text)
        #expect(runThinking(s, [text]) == expected, sourceLocation: sourceLocation)
        for i in 0...characters.count {
            #expect(runThinking(s, [String(characters[..<i]), String(characters[i...])]) == expected, "split at \(i)",
                    sourceLocation: sourceLocation)
        }
        #expect(runThinking(s, characters.map { String($0) }) == expected, "char by char", sourceLocation: sourceLocation)
    }

    @Test func thinkingSplits() {
        let s = ThinkingSplitter()
        Self.checkThinking(s, "<think>Let me see. 2+2=4.</think>\n\nThe answer is 4.", thinking: "Let me see. 2+2=4.",
                           content: "The answer is 4.")
        Self.checkThinking(s, "  \n<think>\n  a < b </thin k</think>", thinking: "a < b </thin k", content: "")
        Self.checkThinking(s, "No thinking <think>here</think>", thinking: "", content: "No thinking <think>here</think>")
        Self.checkThinking(s, "<thin", thinking: "", content: "<thin")
        Self.checkThinking(s, "<think>unfinished </thi", thinking: "unfinished </thi", content: "")
        Self.checkThinking(ThinkingSplitter(startsInThinking: true), "  reasoning</think> answer",
                           thinking: "reasoning", content: "answer")
        Self.checkThinking(ThinkingSplitter(opening: "<|think|>", closing: "<|/think|>"), "<|think|>é ü<|/think|>ok",
                           thinking: "é ü", content: "ok")
    }

    @Test func thinkingStreamsIncrementally() {
        var s = ThinkingSplitter()
        #expect(s.add("<think>abc").thinking == "abc")
        #expect(s.add(" d</th") == .init(thinking: " d"))
        #expect(!s.isThinkingDone)
        #expect(s.add("ink> ") == .init())
        #expect(s.isThinkingDone)
        #expect(s.add("e") == .init(content: "e"))
    }
}
