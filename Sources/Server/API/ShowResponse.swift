import Foundation

/// `POST /api/show` response (ollama `api.ShowResponse`), fields in Go's order, empty ones
/// omitted (`details` and `modified_at` always present).
public struct ShowResponse: Codable, Sendable {
    public var license: String = ""
    public var modelfile: String = ""
    /// Lines `%-30s %#v` (`stop                           "<|im_end|>"`).
    public var parameters: String = ""
    public var template: String = ""
    public var system: String = ""
    public var details = ModelDetails()
    public var messages: [ModelMessage] = []
    /// GGUF metadata without `general.name` and `tokenizer.chat_template`, keys sorted (Go map).
    public var modelInfo: JSONValue?
    public var tensors: [TensorInfo] = []
    public var capabilities: [String] = []
    public var modifiedAt = RFC3339.zero
    public var requires: String = ""

    public init() {}

    /// One tensor of the weights: name, ggml type name, shape (ne0 first).
    public struct TensorInfo: Codable, Equatable, Sendable {
        public var name: String
        public var type: String
        public var shape: [Int]

        public init(name: String, type: String, shape: [Int]) {
            self.name = name
            self.type = type
            self.shape = shape
        }
    }

    enum CodingKeys: String, CodingKey {
        case license, modelfile, parameters, template, system, details, messages
        case modelInfo = "model_info", tensors, capabilities, modifiedAt = "modified_at", requires
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        license = try c.decodeIfPresent(String.self, forKey: .license) ?? ""
        modelfile = try c.decodeIfPresent(String.self, forKey: .modelfile) ?? ""
        parameters = try c.decodeIfPresent(String.self, forKey: .parameters) ?? ""
        template = try c.decodeIfPresent(String.self, forKey: .template) ?? ""
        system = try c.decodeIfPresent(String.self, forKey: .system) ?? ""
        details = try c.decodeIfPresent(ModelDetails.self, forKey: .details) ?? ModelDetails()
        messages = try c.decodeIfPresent([ModelMessage].self, forKey: .messages) ?? []
        modelInfo = try c.decodeIfPresent(JSONValue.self, forKey: .modelInfo)
        tensors = try c.decodeIfPresent([TensorInfo].self, forKey: .tensors) ?? []
        capabilities = try c.decodeIfPresent([String].self, forKey: .capabilities) ?? []
        modifiedAt = try c.decodeTime(forKey: .modifiedAt)
        requires = try c.decodeIfPresent(String.self, forKey: .requires) ?? ""
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func text(_ value: String, _ key: CodingKeys) throws {
            if !value.isEmpty { try c.encode(value, forKey: key) }
        }
        try text(license, .license)
        try text(modelfile, .modelfile)
        try text(parameters, .parameters)
        try text(template, .template)
        try text(system, .system)
        try c.encode(details, forKey: .details)
        if !messages.isEmpty { try c.encode(messages, forKey: .messages) }
        if let modelInfo, modelInfo.objectValue?.isEmpty == false { try c.encode(modelInfo, forKey: .modelInfo) }
        if !tensors.isEmpty { try c.encode(tensors, forKey: .tensors) }
        if !capabilities.isEmpty { try c.encode(capabilities, forKey: .capabilities) }
        try c.encodeTime(modifiedAt, forKey: .modifiedAt)
        try text(requires, .requires)
    }

    /// An integer `model_info` entry (`llama.context_length`), if present.
    public func info(int key: String) -> Int64? { modelInfo?[key]?.intValue }
    /// A string `model_info` entry (`general.architecture`), if present.
    public func info(string key: String) -> String? { modelInfo?[key]?.stringValue }
}
