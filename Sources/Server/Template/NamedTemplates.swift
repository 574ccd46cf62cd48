/// A built-in prompt template and the parameters that go with it (ollama's `template/*.gotmpl`
/// plus `*.json`).
package struct NamedTemplate: Sendable {
    /// The family name (`chatml`, `llama3-instruct`, …).
    package let name: String
    /// The Go template text.
    package let template: String
    /// Stop sequences written to the model's params layer.
    package let stop: [String]
    /// Other default parameters (e.g. gemma3's `temperature`), as ollama's params JSON.
    package let parameters: JSONObject

    /// The params layer content: `{"stop":[…], …}`.
    package var parametersJSON: JSONValue {
        var object: JSONObject = ["stop": .array(stop.map(JSONValue.string))]
        for (key, value) in parameters { object[key] = value }
        return .object(object)
    }
}

/// ollama's built-in templates, as Swift literals (the binary carries no resource files).
///
/// Each is written from the family's published chat format as ollama renders it; the goldens in
/// `Tests/ServerTests/Fixtures/templates/<name>/` hold the exact prompt bytes for reference
/// conversations.
package enum NamedTemplates {
    /// All built-in templates.
    package static let all: [NamedTemplate] = [
        chatml, llama3Instruct, gemma3Instruct, mistralInstruct, llama2Chat, phi3, zephyr, alpaca, vicuna, commandR,
    ]

    /// The template called `name`, if built in.
    package static func named(_ name: String) -> NamedTemplate? {
        all.first { $0.name == name }
    }

    /// `<|im_start|>role\ncontent<|im_end|>\n` … `<|im_start|>assistant\n` (Qwen, SmolLM, Hermes…).
    package static let chatml = NamedTemplate(
        name: "chatml",
        template: """
            {{- range .Messages }}<|im_start|>{{ .Role }}
            {{ .Content }}<|im_end|>
            {{ end }}<|im_start|>assistant

            """,
        stop: ["<|im_start|>", "<|im_end|>"], parameters: [:])

    /// Llama 3: `<|start_header_id|>role<|end_header_id|>\n\ncontent<|eot_id|>`.
    package static let llama3Instruct = NamedTemplate(
        name: "llama3-instruct",
        template: """
            {{- range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|>

            {{ .Content }}<|eot_id|>
            {{- end }}<|start_header_id|>assistant<|end_header_id|>


            """,
        stop: ["<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"], parameters: [:])

    /// Gemma 3: `<start_of_turn>user\n…<end_of_turn>\n<start_of_turn>model\n`; the system prompt
    /// is prepended to the first user turn (Gemma has no system role).
    package static let gemma3Instruct = NamedTemplate(
        name: "gemma3-instruct",
        template: """
            {{- range $i, $_ := .Messages }}
            {{- $last := eq (len (slice $.Messages $i)) 1 }}
            {{- if eq .Role "user" }}<start_of_turn>user
            {{- if and (eq $i 1) $.System }}
            {{ $.System }}
            {{ end }}
            {{ .Content }}<end_of_turn>
            {{ else if eq .Role "assistant" }}<start_of_turn>model
            {{ .Content }}<end_of_turn>
            {{ end }}
            {{- if $last }}<start_of_turn>model
            {{ end }}
            {{- end }}

            """,
        stop: ["<end_of_turn>"], parameters: ["temperature": 0.1])

    /// Mistral: `[INST] system\n\nuser[/INST] answer</s>[INST] …[/INST]`.
    package static let mistralInstruct = NamedTemplate(
        name: "mistral-instruct",
        template: """
            [INST] {{ range $index, $_ := .Messages }}
            {{- if eq .Role "system" }}{{ .Content }}

            {{ else if eq .Role "user" }}{{ .Content }}[/INST]
            {{- else if eq .Role "assistant" }} {{ .Content }}</s>[INST] {{ end }}
            {{- end }}
            """,
        stop: ["[INST]", "[/INST]"], parameters: [:])

    /// Llama 2 chat: `[INST] <<SYS>>\nsystem\n<</SYS>>\n\nuser [/INST] answer</s><s>[INST] …`.
    package static let llama2Chat = NamedTemplate(
        name: "llama2-chat",
        template: """
            {{- $system := "" }}[INST] {{ range .Messages }}
            {{- if eq .Role "system" }}
            {{- if not $system }}{{ $system = .Content }}
            {{- else }}{{ $system = printf "%s\\n\\n%s" $system .Content }}
            {{- end }}
            {{- else if eq .Role "user" }}<<SYS>>
            {{- if $system }}
            {{ $system }}
            {{ $system = "" }}
            {{- end }}<</SYS>>

            {{ .Content }} [/INST]
            {{- else if eq .Role "assistant" }} {{ .Content }}</s><s>[INST] {{ end }}
            {{- end }}
            """,
        stop: ["[INST]", "[/INST]", "<<SYS>>", "<</SYS>>"], parameters: [:])

    /// Phi-3: `<|role|>\ncontent<|end|>\n` … `<|assistant|>\n`.
    package static let phi3 = NamedTemplate(
        name: "phi-3",
        template: """
            {{- range .Messages }}<|{{ .Role }}|>
            {{ .Content }}<|end|>
            {{ end }}<|assistant|>

            """,
        stop: ["<|end|>", "<|system|>", "<|user|>", "<|assistant|>"], parameters: [:])

    /// Zephyr: `<|role|>\ncontent</s>\n` … `<|assistant|>\n`.
    package static let zephyr = NamedTemplate(
        name: "zephyr",
        template: """
            {{- range .Messages }}<|{{ .Role }}|>
            {{ .Content }}</s>
            {{ end }}<|assistant|>

            """,
        stop: ["<|system|>", "</s>", "<|user|>", "<|assistant|>"], parameters: [:])

    /// Alpaca: `system\n\n### Instruction:\nuser\n\n### Response:\nanswer\n\n` … `### Response:\n`.
    package static let alpaca = NamedTemplate(
        name: "alpaca",
        template: """
            {{- $system := "" }}
            {{- range .Messages }}
            {{- if eq .Role "system" }}
            {{- if not $system }}{{ $system = .Content }}
            {{- else }}{{ $system = printf "%s\\n\\n%s" $system .Content }}
            {{- end }}
            {{- else if eq .Role "user" }}
            {{- if $system }}{{ $system }}

            {{ $system = "" }}
            {{- end }}### Instruction:
            {{ .Content }}

            {{ else if eq .Role "assistant" }}### Response:
            {{ .Content }}

            {{ end }}
            {{- end }}### Response:

            """,
        stop: ["### Instruction:", "### Response"], parameters: [:])

    /// Vicuna: `system\n\nUSER: user\nASSISTANT: answer</s>\n` … `ASSISTANT:`.
    package static let vicuna = NamedTemplate(
        name: "vicuna",
        template: """
            {{- $system := "" }}
            {{- range .Messages }}
            {{- if eq .Role "system" }}
            {{- if not $system }}{{ $system = .Content }}
            {{- else }}{{ $system = printf "%s\\n\\n%s" $system .Content }}
            {{- end }}
            {{- else if eq .Role "user" }}
            {{- if $system }}{{ $system }}

            {{ $system = "" }}
            {{- end }}USER: {{ .Content }}
            {{ else if eq .Role "assistant" }}ASSISTANT: {{ .Content }}</s>
            {{ end }}
            {{- end }}ASSISTANT:
            """,
        stop: ["USER:", "ASSISTANT:"], parameters: [:])
}
