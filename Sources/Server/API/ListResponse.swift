import Foundation

/// `GET /api/tags`: `{"models":[…]}`, newest first.
public struct ListResponse: Codable, Equatable, Sendable {
    public var models: [ListModelResponse]

    public init(models: [ListModelResponse]) { self.models = models }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        models = try c.decodeIfPresent([ListModelResponse].self, forKey: .models) ?? []
    }
}

/// One installed model (ollama `api.ListModelResponse`).
public struct ListModelResponse: Codable, Equatable, Sendable {
    /// `DisplayShortest` (`smol:latest`); `model` is the same.
    public var name: String
    public var model: String
    /// The manifest file's modification time.
    public var modifiedAt: Date
    /// Config plus layer sizes, in bytes.
    public var size: Int64
    /// SHA-256 hex of the manifest bytes (no `sha256:` prefix).
    public var digest: String
    public var details: ModelDetails

    public init(name: String, model: String, modifiedAt: Date, size: Int64, digest: String, details: ModelDetails) {
        self.name = name
        self.model = model
        self.modifiedAt = modifiedAt
        self.size = size
        self.digest = digest
        self.details = details
    }

    enum CodingKeys: String, CodingKey {
        case name, model, modifiedAt = "modified_at", size, digest, details
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        model = try c.decodeIfPresent(String.self, forKey: .model) ?? ""
        modifiedAt = try c.decodeTime(forKey: .modifiedAt)
        size = try c.decodeIfPresent(Int64.self, forKey: .size) ?? 0
        digest = try c.decodeIfPresent(String.self, forKey: .digest) ?? ""
        details = try c.decodeIfPresent(ModelDetails.self, forKey: .details) ?? ModelDetails()
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(model, forKey: .model)
        try c.encodeTime(modifiedAt, forKey: .modifiedAt)
        try c.encode(size, forKey: .size)
        try c.encode(digest, forKey: .digest)
        try c.encode(details, forKey: .details)
    }
}
