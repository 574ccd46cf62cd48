import Foundation
import Server
import Testing

private let weatherTool: JSONValue = try! JSONValue.parse("""
    {"type":"function","function":{"name":"get_weather","description":"Get the weather",
     "parameters":{"type":"object","required":["location"],
      "properties":{"location":{"type":"string","description":"The city"},
                    "format":{"type":["string","null"],"description":"c or f","enum":["c","f"]},
                    "days":{"type":"integer","description":"How many days"}}}}}
    """)

@Suite struct TemplatePromptTests {
    @Test func legacyTemplateRendersPerTurnAndCutsAfterResponse() throws {
        let template = try PromptTemplate("{{ if .System }}<s>{{ .System }}</s>{{ end }}[U]{{ .Prompt }}[A]{{ .Response }}[END]")
        #expect(!template.usesMessages)
        let prompt = try ChatPromptRenderer(template: template).render(PromptValues(messages: [
            PromptMessage(role: "system", content: "sys"),
            PromptMessage(role: "user", content: "hi"),
            PromptMessage(role: "assistant", content: "hello"),
            PromptMessage(role: "user", content: "bye"),
        ]))
        // First turn keeps its [END]; the last turn stops right after .Response.
        #expect(prompt == "<s>sys</s>[U]hi[A]hello[END][U]bye[A]")
    }

    @Test func legacyTemplateWithoutResponseGetsOneAppended() throws {
        let template = try PromptTemplate("[INST] {{ .Prompt }} [/INST]")
        #expect(template.variables == ["prompt", "response"])
        let prompt = try ChatPromptRenderer(template: template).render(PromptValues(messages: [
            PromptMessage(role: "user", content: "a"), PromptMessage(role: "assistant", content: "b"), PromptMessage(role: "user", content: "c"),
        ]))
        #expect(prompt == "[INST] a [/INST]b[INST] c [/INST]")
    }

    @Test func collateMergesSameRoleExceptTools() {
        let (system, messages) = ChatPromptRenderer.collate([
            PromptMessage(role: "system", content: "s1"), PromptMessage(role: "system", content: "s2"),
            PromptMessage(role: "user", content: "a"), PromptMessage(role: "user", content: "b"),
            PromptMessage(role: "tool", content: "t1", toolName: "x"), PromptMessage(role: "tool", content: "t2", toolName: "y"),
        ])
        #expect(system == "s1\n\ns2")
        #expect(messages.map(\.content) == ["s1\n\ns2", "a\n\nb", "t1", "t2"])
    }

    @Test func suffixRunsFillInMiddle() throws {
        let template = try PromptTemplate("{{- if .Suffix }}<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>{{- else }}{{ .Prompt }}{{- end }}")
        #expect(template.capabilities.insert)
        let renderer = ChatPromptRenderer(template: template)
        #expect(try renderer.render(PromptValues(prompt: "def add(", suffix: "return x")) == "<PRE> def add( <SUF>return x <MID>")
        #expect(try renderer.render(PromptValues(messages: [PromptMessage(role: "user", content: "hello")])) == "hello")
    }

    @Test func toolsRenderWithPropertiesSortedLikeOllamaOrInInsertionOrder() throws {
        let source = "{{- range .Tools }}{{ .Function.Name }}({{ range $name, $p := .Function.Parameters.Properties }}{{ $name }}: {{ $p.Type }}, {{ end }}){{ end }}"
        let template = try PromptTemplate(source + "{{ range .Messages }}{{ end }}")
        #expect(template.capabilities.tools)
        let values = PromptValues(messages: [PromptMessage(role: "user", content: "x")], tools: [weatherTool])
        // ollama hands templates a Go map: ranged in sorted key order.
        #expect(try ChatPromptRenderer(template: template).render(values) == "get_weather(days: integer, format: [string null], location: string, )")
        #expect(try ChatPromptRenderer(template: template, propertyOrder: .insertion).render(values) == "get_weather(location: string, format: [string null], days: integer, )")
    }

    @Test func toolsMarshalAsOllamaStructs() throws {
        let template = try PromptTemplate("{{ range .Messages }}{{ end }}{{ json .Tools }}|{{ .Tools }}")
        let out = try ChatPromptRenderer(template: template).render(PromptValues(messages: [PromptMessage(role: "user", content: "x")], tools: [weatherTool]))
        let expected = #"[{"type":"function","function":{"name":"get_weather","description":"Get the weather","parameters":{"type":"object","required":["location"],"properties":{"days":{"type":"integer","description":"How many days"},"format":{"type":["string","null"],"description":"c or f","enum":["c","f"]},"location":{"type":"string","description":"The city"}}}}}]"#
        #expect(out == expected + "|" + expected)
    }

    @Test func toolCallArgumentsPrintAndMarshalAsJSON() throws {
        let template = try PromptTemplate("{{ range .Messages }}{{ range .ToolCalls }}{{ .Function.Name }} {{ json .Function.Arguments }} {{ .Function.Arguments }}{{ end }}{{ end }}")
        let call = PromptToolCall(name: "get_weather", arguments: ["location": "Paris", "days": 3, "units": ["c"]])
        let out = try ChatPromptRenderer(template: template).render(PromptValues(messages: [PromptMessage(role: "assistant", toolCalls: [call])]))
        #expect(out == #"get_weather {"days":3,"location":"Paris","units":["c"]} {"days":3,"location":"Paris","units":["c"]}"#)
    }

    @Test func toTypeScriptTypeFollowsOllama() throws {
        let template = try PromptTemplate("{{ range .Messages }}{{ end }}{{ range .Tools }}{{ range $n, $p := .Function.Parameters.Properties }}{{ $n }}={{ toTypeScriptType $p }};{{ end }}{{ end }}")
        let out = try ChatPromptRenderer(template: template).render(PromptValues(messages: [PromptMessage(role: "user")], tools: [weatherTool]))
        #expect(out == "days=number;format=string | null;location=string;")
    }

    @Test func toolCallTagIsFirstTextInsideIfToolCalls() throws {
        let qwen = try PromptTemplate("""
            {{- range .Messages }}{{ if .ToolCalls }}<tool_call>
            {{ range .ToolCalls }}{"name": "{{ .Function.Name }}"}{{ end }}</tool_call>{{ end }}{{ end }}
            """)
        #expect(qwen.toolCallTag == "<tool_call>")
        let bare = try PromptTemplate("{{ range .Messages }}{{ if .ToolCalls }}{{ range .ToolCalls }}{{ json . }}{{ end }}{{ end }}{{ end }}")
        #expect(bare.toolCallTag == "{")
        let inline = try PromptTemplate("{{ range .Messages }}{{ if .ToolCalls }} [TOOL_CALLS] {\"x\":1}{{ end }}{{ end }}")
        #expect(inline.toolCallTag == "[TOOL_CALLS]")
    }

    @Test func thinkingCapabilityFromTagsAroundThinking() throws {
        let thinking = try PromptTemplate("""
            {{- range .Messages }}{{ if .Thinking }}<think>{{ .Thinking }}</think>{{ end }}{{ .Content }}{{ end }}
            """)
        #expect(thinking.thinkingTags.opening == "<think>")
        #expect(thinking.thinkingTags.closing == "</think>")
        #expect(thinking.capabilities.thinking)
        #expect(try !PromptTemplate(NamedTemplates.chatml.template).capabilities.thinking)
        #expect(try !PromptTemplate(NamedTemplates.chatml.template).capabilities.tools)
        #expect(try PromptTemplate(NamedTemplates.commandR.template).capabilities.tools)
    }

    @Test func commandRRendersToolsAndCalls() throws {
        let renderer = ChatPromptRenderer(template: try PromptTemplate(NamedTemplates.commandR.template))
        let call = PromptToolCall(name: "get_weather", arguments: ["location": "Paris"])
        let out = try renderer.render(PromptValues(messages: [
            PromptMessage(role: "user", content: "Weather?"),
            PromptMessage(role: "assistant", toolCalls: [call]),
            PromptMessage(role: "tool", content: "22C"),
        ], tools: [weatherTool]))
        #expect(out.contains("def get_weather(days: integer, format: [string null], location: string, ) -> List[Dict]:\n    '''Get the weather\n\n    Args:\n        days (integer): How many days\n"))
        #expect(out.contains("Action: ```json\n[\n    {\n        \"tool_name\": \"get_weather\",\n        \"parameters\": {\"location\":\"Paris\"}\n    }\n]```"))
        #expect(out.contains("<|SYSTEM_TOKEN|><results>\nconsole_output: 22C\n</results><|END_OF_TURN_TOKEN|>"))
    }

    @Test func messagesPathPrintsNoValueForLegacyFields() throws {
        // ollama's data is map[string]any: .Prompt is absent on the messages path.
        let template = try PromptTemplate("{{ range .Messages }}{{ .Content }}{{ end }}|{{ .Prompt }}|{{ .Think }}|{{ .IsThinkSet }}")
        let out = try ChatPromptRenderer(template: template).render(PromptValues(messages: [PromptMessage(role: "user", content: "a")], think: true))
        #expect(out == "a|<no value>|true|false")
    }

    @Test func templateErrorsUseGoWording() {
        let error = #expect(throws: TemplateError.self) { try PromptTemplate("{{ if .System }}") }
        #expect(error?.description == "template: :1: unexpected EOF")
    }

    @Test func defaultTemplateRendersPrompt() throws {
        let out = try ChatPromptRenderer(template: .defaultTemplate).render(PromptValues(messages: [PromptMessage(role: "user", content: "hello")]))
        #expect(out == "hello")
    }
}

@Suite struct TemplateDetectorTests {
    /// `tokenizer.chat_template` of SmolLM2-135M-Instruct.Q4_1.gguf (read from the file).
    static let smolLM2 = "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"

    @Test func detectsFamiliesFromPublishedJinjaTemplates() {
        #expect(TemplateDetector.familyName(Self.smolLM2) == "chatml")
        #expect(TemplateDetector.familyName("{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' %}{{ content }}{% endfor %}") == "llama3-instruct")
        #expect(TemplateDetector.familyName("{{ bos_token }}{% for message in messages %}{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}{% endfor %}") == "gemma3-instruct")
        #expect(TemplateDetector.familyName("{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + content | trim + ' [/INST]' }}{% endif %}{% set content = '<<SYS>>\\\\n' + system_message %}") == "llama2-chat")
        #expect(TemplateDetector.familyName("{{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% endif %}{% endfor %}") == "mistral-instruct")
        #expect(TemplateDetector.familyName("{% for message in messages %}{% if message['role'] == 'user' %}{{ '<|user|>\\n' + message['content'] + eos_token }}{% elif message['role'] == 'assistant' %}{{ '<|assistant|>\\n' + message['content'] + eos_token }}{% endif %}{% endfor %}") == "zephyr")
        #expect(TemplateDetector.familyName("{% for message in messages %}{{'<|' + message['role'] + '|>' + '\\n' + message['content'] + '<|end|>\\n' }}{% endfor %}<|user|><|assistant|>") == "phi-3")
        #expect(TemplateDetector.familyName("{{ message['content'] }}") == nil)
        #expect(TemplateDetector.detect(Self.smolLM2)?.stop == ["<|im_start|>", "<|im_end|>"])
    }
}
