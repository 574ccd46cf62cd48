import Foundation
import Server
import Testing

extension LiveGenerationTests {
    /// Tool calling and thinking checks over the live server: a SmolLM2 model with a Modelfile
    /// TEMPLATE that renders `.Tools` and writes calls as bare JSON; the call is forced with a
    /// `format` schema so the round trip is deterministic.
    @Suite struct ToolCallingLiveTests {
        /// ChatML with a tools system turn; calls are written back as `{"name", "arguments"}`.
        static let template = """
            {{- if .Tools }}<|im_start|>system
            You can call these tools:
            {{- range .Tools }}
            {{ json .Function }}
            {{- end }}
            To call one, answer only with JSON {"name": <tool name>, "arguments": <object>}.<|im_end|>
            {{ end }}{{- range .Messages }}<|im_start|>{{ .Role }}
            {{ if .ToolCalls }}{{ range .ToolCalls }}{"name": "{{ .Function.Name }}", "arguments": {{ json .Function.Arguments }}}{{ end }}{{ else }}{{ .Content }}{{ end }}<|im_end|>
            {{ end }}<|im_start|>assistant

            """
        static let tools = #"[{"type": "function", "function": {"name": "get_weather", "description": "Current weather in a city", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]"#
        /// Forces the call's shape (the model is too small to call reliably by itself).
        static let callFormat = #"{"type": "object", "properties": {"name": {"const": "get_weather"}, "arguments": {"type": "object", "properties": {"city": {"type": "string", "maxLength": 20}}, "required": ["city"], "additionalProperties": false}}, "required": ["name", "arguments"], "additionalProperties": false}"#
        static let question = #"[{"role": "user", "content": "What is the weather in Paris?"}]"#

        /// The live server with `smol-tools` created (once; creating again is harmless).
        static func server() throws -> GenerationTestServer {
            let live = try GenerationTestServer.get()
            try live.client.create(CreateRequest(model: "smol-tools", from: "smol", template: template)) { _ in }
            return live
        }

        static func chatBody(messages: String, stream: Bool) -> String {
            #"{"model": "smol-tools", "messages": \#(messages), "tools": \#(tools), "format": \#(callFormat), "stream": \#(stream), "options": {"temperature": 0, "num_predict": 60}}"#
        }

        @Test(arguments: [false, true])
        func toolCallComesBackAsToolCalls(stream: Bool) throws {
            let live = try Self.server()
            let (status, lines) = try live.post("/api/chat", Self.chatBody(messages: Self.question, stream: stream))
            #expect(status == 200)
            let calls = lines.flatMap { $0["message"]?["tool_calls"]?.arrayValue ?? [] }
            try #require(calls.count == 1, "\(lines)")
            let function = calls[0]["function"]
            #expect(function?["name"] == "get_weather")
            #expect(function?["index"] == 0)
            let city = try #require(function?["arguments"]?["city"]?.stringValue, "arguments must be an object: \(calls)")
            #expect(!city.isEmpty)
            #expect(JSONValue.text(of: lines).isEmpty, "the call is not content")
            #expect(lines.last?["done"] == true)
        }

        @Test func toolResultIsRenderedInTheNextTurn() throws {
            let live = try Self.server()
            let history = #"[{"role": "user", "content": "What is the weather in Paris?"}, {"role": "assistant", "content": "", "tool_calls": [{"function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]}, {"role": "tool", "tool_name": "get_weather", "content": "Sunny, 31 degrees Celsius"}]"#
            let body = #"{"model": "smol-tools", "messages": \#(history), "tools": \#(Self.tools), "stream": false, "options": {"temperature": 0, "num_predict": 24}}"#
            let (status, lines) = try live.post("/api/chat", body)
            #expect(status == 200)
            let first = try #require(lines.first)
            #expect(first["done"] == true)
            // The prompt holds the call and the result: count its tokens against the question alone.
            let (_, alone) = try live.post("/api/chat", #"{"model": "smol-tools", "messages": \#(Self.question), "tools": \#(Self.tools), "stream": false, "options": {"num_predict": 1}}"#)
            let withHistory = first["prompt_eval_count"]?.intValue ?? 0
            let withoutHistory = alone.first?["prompt_eval_count"]?.intValue ?? 0
            #expect(withHistory > withoutHistory + 15, "\(withHistory) vs \(withoutHistory)")

            // The rendered text itself, through the same template.
            let rendered = try ChatPromptRenderer(template: PromptTemplate(Self.template)).render(PromptValues(
                messages: try JSONParser().parse(history).arrayValue?.map {
                    try JSONValueDecoder().decode(ChatMessage.self, from: $0).promptMessage } ?? [],
                tools: try JSONParser().parse(Self.tools).arrayValue ?? []))
            #expect(rendered.contains(#"{"name": "get_weather", "arguments": {"city":"Paris"}}"#), "\(rendered)")
            #expect(rendered.contains("<|im_start|>tool\nSunny, 31 degrees Celsius<|im_end|>"), "\(rendered)")
        }

        @Test(arguments: [false, true])
        func openAIToolCalls(stream: Bool) throws {
            let live = try Self.server()
            let body = #"{"model": "smol-tools", "messages": \#(Self.question), "tools": \#(Self.tools), "temperature": 0, "max_tokens": 60, "stream": \#(stream), "response_format": {"type": "json_schema", "json_schema": {"name": "call", "schema": \#(Self.callFormat)}}}"#
            let response = try live.client.http.send(
                .post, "/v1/chat/completions", headers: ["Content-Type": "application/json"], body: .data(Data(body.utf8)))
            defer { response.close() }
            #expect(response.status.code == 200)
            let text = String(decoding: try response.readAll(), as: UTF8.self)
            let objects: [JSONValue] = stream
                ? try text.components(separatedBy: "\n\n").filter { $0.hasPrefix("data: {") }
                    .map { try JSONParser().parse(String($0.dropFirst(6))) }
                : [try JSONParser().parse(text)]
            let choices = objects.compactMap { $0["choices"]?.arrayValue?.first }
            let calls = choices.flatMap { ($0[stream ? "delta" : "message"]?["tool_calls"]?.arrayValue) ?? [] }
            try #require(calls.count == 1, "\(text)")
            #expect(calls[0]["id"]?.stringValue?.hasPrefix("call_") == true)
            #expect(calls[0]["type"] == "function")
            #expect(calls[0]["function"]?["name"] == "get_weather")
            let arguments = try #require(calls[0]["function"]?["arguments"]?.stringValue, "arguments must be a string")
            #expect((try? JSONParser().parse(arguments))?["city"]?.stringValue != nil, "\(arguments)")
            #expect(choices.last?["finish_reason"] == "tool_calls")
        }

        @Test func anthropicToolUse() throws {
            let live = try Self.server()
            let tools = #"[{"name": "get_weather", "description": "Current weather in a city", "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}]"#
            // No `format` on this API: the small model's free answer decides; a call must come back as tool_use.
            let (status, lines) = try live.post("/v1/messages", #"{"model": "smol-tools", "max_tokens": 60, "temperature": 0, "messages": \#(Self.question), "tools": \#(tools)}"#)
            #expect(status == 200)
            let message = try #require(lines.first)
            let blocks = message["content"]?.arrayValue ?? []
            let uses = blocks.filter { $0["type"] == "tool_use" }
            if uses.isEmpty {
                #expect(message["stop_reason"] != "tool_use")
                #expect(blocks.first?["type"] == "text")
            } else {
                #expect(message["stop_reason"] == "tool_use")
                #expect(uses[0]["name"] == "get_weather")
                #expect(uses[0]["id"]?.stringValue?.hasPrefix("toolu_") == true)
                #expect(uses[0]["input"]?.objectValue != nil)
            }
        }

        @Test func toolsWithoutTemplateSupportIs400() throws {
            let live = try GenerationTestServer.get()
            let (status, lines) = try live.post("/api/chat", #"{"model": "smol", "messages": \#(Self.question), "tools": \#(Self.tools)}"#)
            #expect(status == 400)
            #expect(lines.first?["error"] == "registry.ollama.ai/library/smol:latest does not support tools")
        }

        @Test func thinkingOnModelWithoutIs400() throws {
            let live = try GenerationTestServer.get()
            for path in ["/api/chat", "/api/generate"] {
                let body = path == "/api/chat"
                    ? #"{"model": "smol", "messages": \#(Self.question), "think": true}"#
                    : #"{"model": "smol", "prompt": "hi", "think": true}"#
                let (status, lines) = try live.post(path, body)
                #expect(status == 400)
                #expect(lines.first?["error"] == #""smol" does not support thinking"#)
            }
            // think:false on a model without thinking is accepted.
            let (status, _) = try live.post("/api/chat", #"{"model": "smol", "messages": \#(Self.question), "think": false, "stream": false, "options": {"num_predict": 2}}"#)
            #expect(status == 200)
        }
    }
}
