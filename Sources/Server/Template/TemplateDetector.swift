/// Picks a built-in template family from a GGUF's Jinja `tokenizer.chat_template`.
///
/// ollama compares the Jinja text against 37 known templates by edit distance; without those
/// texts we look for each family's distinctive control tokens instead. Families are tried from the
/// most specific marker to the least, and an unrecognised template gives nil (the model then
/// gets ollama's default `{{ .Prompt }}`).
package enum TemplateDetector {
    /// The family whose turn markers `jinja` uses, or nil.
    package static func detect(_ jinja: String) -> NamedTemplate? {
        guard let name = familyName(jinja) else { return nil }
        return NamedTemplates.named(name)
    }

    /// The family name for `jinja`, or nil.
    package static func familyName(_ jinja: String) -> String? {
        func has(_ marker: String) -> Bool { jinja.contains(marker) }
        if has("<|im_start|>") { return "chatml" }
        if has("<|start_header_id|>") { return "llama3-instruct" }
        if has("<start_of_turn>") { return "gemma3-instruct" }
        if has("<|START_OF_TURN_TOKEN|>") { return "command-r" }
        if has("[INST]") { return has("<<SYS>>") ? "llama2-chat" : "mistral-instruct" }
        if has("<|user|>") && has("<|assistant|>") { return has("<|end|>") ? "phi-3" : "zephyr" }
        if has("### Instruction") && has("### Response") { return "alpaca" }
        if has("USER:") && has("ASSISTANT:") { return "vicuna" }
        return nil
    }
}
