/// A tool call the model made (ollama's `api.ToolCall`):
/// `{"id"?: "call_xxxxxxxx", "function": {"index"?, "name", "arguments": {…}}}`.
public struct ToolCall: Codable, Sendable, Equatable {
    /// The function called.
    public struct Function: Codable, Sendable, Equatable {
        public var index: Int?
        public var name: String
        /// The arguments as a JSON object (not a string), key order kept.
        public var arguments: JSONObject

        public init(index: Int? = nil, name: String, arguments: JSONObject = JSONObject()) {
            self.index = index
            self.name = name
            self.arguments = arguments
        }

        enum CodingKeys: String, CodingKey {
            case index, name, arguments
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            index = try c.decodeIfPresent(Int.self, forKey: .index)
            name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
            let raw = try c.decodeIfPresent(JSONValue.self, forKey: .arguments) ?? .null
            switch raw {
            case .object(let object): arguments = object
            case .null: arguments = JSONObject()
            case .string(let text):
                // Some clients send OpenAI-style stringified arguments.
                arguments = (try? JSONParser().parse(text))?.objectValue ?? JSONObject()
            default:
                throw DecodingError.typeMismatch(JSONObject.self, .init(
                    codingPath: c.codingPath + [CodingKeys.arguments], debugDescription: "arguments must be an object"))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            if let index { try c.encode(index, forKey: .index) }
            try c.encode(name, forKey: .name)
            try c.encode(JSONValue.object(arguments), forKey: .arguments)
        }
    }

    public var id: String?
    public var function: Function

    public init(id: String? = nil, function: Function) {
        self.id = id
        self.function = function
    }

    enum CodingKeys: String, CodingKey {
        case id, function
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let id, !id.isEmpty { try c.encode(id, forKey: .id) }
        try c.encode(function, forKey: .function)
    }
}
