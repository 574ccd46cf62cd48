import Foundation

/// `GET /api/ps`: `{"models":[…]}`, latest expiry first.
public struct ProcessResponse: Codable, Equatable, Sendable {
    public var models: [ProcessModelResponse]

    public init(models: [ProcessModelResponse]) { self.models = models }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        models = try c.decodeIfPresent([ProcessModelResponse].self, forKey: .models) ?? []
    }
}

/// One loaded model (ollama `api.ProcessModelResponse`).
public struct ProcessModelResponse: Codable, Equatable, Sendable {
    public var name: String
    public var model: String
    public var size: Int64
    public var digest: String
    public var details: ModelDetails
    public var expiresAt: Date
    /// Bytes in GPU memory: always 0 for this CPU engine.
    public var sizeVRAM: Int64
    public var contextLength: Int

    public init(name: String, model: String, size: Int64, digest: String, details: ModelDetails, expiresAt: Date,
                sizeVRAM: Int64 = 0, contextLength: Int) {
        self.name = name
        self.model = model
        self.size = size
        self.digest = digest
        self.details = details
        self.expiresAt = expiresAt
        self.sizeVRAM = sizeVRAM
        self.contextLength = contextLength
    }

    enum CodingKeys: String, CodingKey {
        case name, model, size, digest, details, expiresAt = "expires_at", sizeVRAM = "size_vram"
        case contextLength = "context_length"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        model = try c.decodeIfPresent(String.self, forKey: .model) ?? ""
        size = try c.decodeIfPresent(Int64.self, forKey: .size) ?? 0
        digest = try c.decodeIfPresent(String.self, forKey: .digest) ?? ""
        details = try c.decodeIfPresent(ModelDetails.self, forKey: .details) ?? ModelDetails()
        expiresAt = try c.decodeTime(forKey: .expiresAt)
        sizeVRAM = try c.decodeIfPresent(Int64.self, forKey: .sizeVRAM) ?? 0
        contextLength = try c.decodeIfPresent(Int.self, forKey: .contextLength) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(model, forKey: .model)
        try c.encode(size, forKey: .size)
        try c.encode(digest, forKey: .digest)
        try c.encode(details, forKey: .details)
        try c.encodeTime(expiresAt, forKey: .expiresAt)
        try c.encode(sizeVRAM, forKey: .sizeVRAM)
        try c.encode(contextLength, forKey: .contextLength)
    }
}
