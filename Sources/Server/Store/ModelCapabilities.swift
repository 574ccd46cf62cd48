import Engine

/// What a model can do, as ollama's `Model.Capabilities` infers it: `embedding` when the GGUF
/// has `<arch>.pooling_type` (else `completion`), `vision` from a vision tower or projector, and
/// `tools`, `insert`, `thinking` from the template.
enum ModelCapabilities {
    static func of(file: GGUFFile?, template: String?, projectors: Int, family: String,
                   configured: [String]) -> [String] {
        var capabilities: [String] = []
        if let file {
            let arch = file.metadata.string("general.architecture") ?? ""
            capabilities.append(file.metadata.contains("\(arch).pooling_type") ? "embedding" : "completion")
            if file.metadata.contains("\(arch).vision.block_count") { capabilities.append("vision") }
        } else {
            capabilities = configured
        }
        let source = template ?? "{{ .Prompt }}"
        guard let parsed = try? PromptTemplate(source) else { return capabilities }
        let found = parsed.capabilities
        if found.tools { capabilities.append("tools") }
        if found.insert { capabilities.append("insert") }
        if projectors > 0, !capabilities.contains("vision") { capabilities.append("vision") }
        if !capabilities.contains("thinking"), found.thinking || family == "gptoss" || family == "gpt-oss" {
            capabilities.append("thinking")
        }
        return capabilities
    }
}
