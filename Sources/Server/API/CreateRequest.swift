/// `POST /api/create` (ollama `api.CreateRequest`, JSON form since v0.5.5).
///
/// `license` may be a string or an array of strings; `parameters` holds free-form option values
/// that are typed against `ParameterTable` when the model is built.
public struct CreateRequest: Codable, Equatable, Sendable {
    public var model: String
    /// An existing model name to build on.
    public var from: String
    /// `{"relative/path.gguf": "sha256:<hex>"}` of uploaded blobs.
    public var files: [String: String]
    public var adapters: [String: String]
    public var template: String?
    public var system: String?
    public var license: [String]?
    public var parameters: JSONObject?
    public var messages: [ModelMessage]?
    public var quantize: String
    /// Default true: NDJSON statuses; false: only the final status as one object.
    public var stream: Bool?
    /// Deprecated alias of `model`.
    public var name: String

    public init(model: String, from: String = "", files: [String: String] = [:], template: String? = nil,
                system: String? = nil, license: [String]? = nil, parameters: JSONObject? = nil,
                messages: [ModelMessage]? = nil, quantize: String = "", stream: Bool? = nil) {
        self.model = model
        self.from = from
        self.files = files
        adapters = [:]
        self.template = template
        self.system = system
        self.license = license
        self.parameters = parameters
        self.messages = messages
        self.quantize = quantize
        self.stream = stream
        name = ""
    }

    enum CodingKeys: String, CodingKey {
        case model, from, files, adapters, template, license, system, parameters, messages, stream, quantize, name
        case quantization
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decodeIfPresent(String.self, forKey: .model) ?? ""
        from = try c.decodeIfPresent(String.self, forKey: .from) ?? ""
        files = try c.decodeIfPresent([String: String].self, forKey: .files) ?? [:]
        adapters = try c.decodeIfPresent([String: String].self, forKey: .adapters) ?? [:]
        template = try c.decodeIfPresent(String.self, forKey: .template)
        system = try c.decodeIfPresent(String.self, forKey: .system)
        if let one = try? c.decodeIfPresent(String.self, forKey: .license) {
            license = [one]
        } else {
            license = try c.decodeIfPresent([String].self, forKey: .license)
        }
        switch try c.decodeIfPresent(JSONValue.self, forKey: .parameters) {
        case .object(let object)?: parameters = object
        case .null?, nil: parameters = nil
        default:
            throw DecodingError.typeMismatch([String: JSONValue].self, .init(
                codingPath: c.codingPath + [CodingKeys.parameters], debugDescription: "expected an object, found value"))
        }
        messages = try c.decodeIfPresent([ModelMessage].self, forKey: .messages)
        stream = try c.decodeIfPresent(Bool.self, forKey: .stream)
        let quantization = try c.decodeIfPresent(String.self, forKey: .quantization) ?? ""
        quantize = try c.decodeIfPresent(String.self, forKey: .quantize) ?? quantization
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        if !from.isEmpty { try c.encode(from, forKey: .from) }
        if !files.isEmpty { try c.encode(JSONValue.object(JSONObject(files.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })), forKey: .files) }
        if let template { try c.encode(template, forKey: .template) }
        if let license, !license.isEmpty { try c.encode(license, forKey: .license) }
        if let system { try c.encode(system, forKey: .system) }
        if let parameters, !parameters.isEmpty { try c.encode(JSONValue.object(parameters), forKey: .parameters) }
        if let messages, !messages.isEmpty { try c.encode(messages, forKey: .messages) }
        if let stream { try c.encode(stream, forKey: .stream) }
        if !quantize.isEmpty { try c.encode(quantize, forKey: .quantize) }
    }
}
