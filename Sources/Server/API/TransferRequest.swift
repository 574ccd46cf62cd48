/// `POST /api/pull` and `POST /api/push`: `{"model":"…","insecure":false,"stream":true}`
/// (deprecated `name` accepted; ollama's `username`/`password` fields are ignored).
public struct TransferRequest: Codable, Equatable, Sendable {
    public var model: String
    public var name: String?
    public var insecure: Bool
    public var stream: Bool?

    public init(model: String, insecure: Bool = false, stream: Bool? = nil) {
        self.model = model
        self.insecure = insecure
        self.stream = stream
    }

    enum CodingKeys: String, CodingKey { case model, name, insecure, stream }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decodeIfPresent(String.self, forKey: .model) ?? ""
        name = try c.decodeIfPresent(String.self, forKey: .name)
        insecure = try c.decodeIfPresent(Bool.self, forKey: .insecure) ?? false
        stream = try c.decodeIfPresent(Bool.self, forKey: .stream)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        if insecure { try c.encode(insecure, forKey: .insecure) }
        if let stream { try c.encode(stream, forKey: .stream) }
    }

    /// `model`, or the deprecated `name` when `model` is empty.
    public var effectiveModel: String { model.isEmpty ? (name ?? "") : model }
}
