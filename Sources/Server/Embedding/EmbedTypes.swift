import Foundation

/// `POST /api/embed` (ollama `api.EmbedRequest`).
public struct EmbedRequest: Decodable, Sendable {
    public var model: String
    /// A string or an array of strings; kept raw so that a wrong type gets ollama's message.
    public var input: JSONValue?
    /// Cut inputs longer than the context (default true).
    public var truncate: Bool?
    /// Keep the first `dimensions` components (re-normalised).
    public var dimensions: Int?
    public var keepAlive: KeepAlive?
    public var options: JSONObject?

    enum CodingKeys: String, CodingKey {
        case model, input, truncate, dimensions, options
        case keepAlive = "keep_alive"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decodeIfPresent(String.self, forKey: .model) ?? ""
        input = try c.decodeIfPresent(JSONValue.self, forKey: .input)
        truncate = try c.decodeIfPresent(Bool.self, forKey: .truncate)
        dimensions = try c.decodeIfPresent(Int.self, forKey: .dimensions)
        keepAlive = try c.decodeIfPresent(KeepAlive.self, forKey: .keepAlive)
        options = try c.decodeIfPresent(JSONValue.self, forKey: .options)?.objectValue
    }

    /// The texts of `input`: a string (none when empty) or an array of strings.
    /// - Throws: 400 `invalid input type` for anything else.
    static func texts(of input: JSONValue?) throws -> [String] {
        switch input {
        case nil, .null?: return []
        case .string(let text)?: return text.isEmpty ? [] : [text]
        case .array(let items)?:
            return try items.map { item in
                guard case .string(let text) = item else { throw APIError.badRequest("invalid input type") }
                return text
            }
        default: throw APIError.badRequest("invalid input type")
        }
    }
}

/// `POST /api/embeddings` (legacy; ollama `api.EmbeddingRequest`).
public struct EmbeddingsRequest: Decodable, Sendable {
    public var model: String
    public var prompt: String
    public var keepAlive: KeepAlive?
    public var options: JSONObject?

    enum CodingKeys: String, CodingKey {
        case model, prompt, options
        case keepAlive = "keep_alive"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decodeIfPresent(String.self, forKey: .model) ?? ""
        prompt = try c.decodeIfPresent(String.self, forKey: .prompt) ?? ""
        keepAlive = try c.decodeIfPresent(KeepAlive.self, forKey: .keepAlive)
        options = try c.decodeIfPresent(JSONValue.self, forKey: .options)?.objectValue
    }
}
