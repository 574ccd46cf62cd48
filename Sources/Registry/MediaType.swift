/// OCI / Docker media types used in ollama manifests, spelled exactly as on the wire.
public enum MediaType {
    /// The manifest itself (`Accept` / `Content-Type` of manifest requests).
    public static let manifest = "application/vnd.docker.distribution.manifest.v2+json"
    /// The config blob (`ModelConfig` JSON).
    public static let config = "application/vnd.docker.container.image.v1+json"

    /// GGUF weights (`from` names the parent model).
    public static let model = "application/vnd.ollama.image.model"
    /// LoRA adapter GGUF.
    public static let adapter = "application/vnd.ollama.image.adapter"
    /// Multimodal projector GGUF (repeatable).
    public static let projector = "application/vnd.ollama.image.projector"
    /// Go chat template text.
    public static let template = "application/vnd.ollama.image.template"
    /// Legacy name of the template layer.
    public static let prompt = "application/vnd.ollama.image.prompt"
    /// System prompt text.
    public static let system = "application/vnd.ollama.image.system"
    /// JSON options (`stop` is an array).
    public static let params = "application/vnd.ollama.image.params"
    /// JSON array of messages.
    public static let messages = "application/vnd.ollama.image.messages"
    /// License text (repeatable).
    public static let license = "application/vnd.ollama.image.license"
    /// Draft-model GGUF for speculative decoding.
    public static let draft = "application/vnd.ollama.image.draft"
    /// MLX safetensors tensor.
    public static let tensor = "application/vnd.ollama.image.tensor"
    /// MLX JSON config file.
    public static let json = "application/vnd.ollama.image.json"
    /// Deprecated embedding layer, ignored.
    public static let embed = "application/vnd.ollama.image.embed"

    /// Every layer media type ollama knows.
    public static let allLayers: Set<String> = [
        model, adapter, projector, template, prompt, system, params, messages, license, draft, tensor, json, embed,
    ]
}
