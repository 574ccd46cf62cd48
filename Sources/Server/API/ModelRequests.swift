/// `POST /api/copy`: `{"source":"…","destination":"…"}`.
public struct CopyRequest: Codable, Equatable, Sendable {
    public var source: String
    public var destination: String

    public init(source: String, destination: String) {
        self.source = source
        self.destination = destination
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        source = try c.decodeIfPresent(String.self, forKey: .source) ?? ""
        destination = try c.decodeIfPresent(String.self, forKey: .destination) ?? ""
    }
}

/// `DELETE /api/delete`: `{"model":"…"}` (deprecated `name` accepted).
public struct DeleteRequest: Codable, Equatable, Sendable {
    public var model: String
    public var name: String?

    public init(model: String) {
        self.model = model
        name = nil
    }

    enum CodingKeys: String, CodingKey { case model, name }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decodeIfPresent(String.self, forKey: .model) ?? ""
        name = try c.decodeIfPresent(String.self, forKey: .name)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
    }

    /// `model`, or the deprecated `name` when `model` is empty.
    public var effectiveModel: String { model.isEmpty ? (name ?? "") : model }
}

/// `POST /api/show`: `{"model":"…","verbose":false,"system":"…"}` (deprecated `name` accepted).
public struct ShowRequest: Codable, Equatable, Sendable {
    public var model: String
    public var name: String?
    public var system: String?
    public var verbose: Bool

    public init(model: String, verbose: Bool = false) {
        self.model = model
        self.verbose = verbose
    }

    enum CodingKeys: String, CodingKey { case model, name, system, verbose }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decodeIfPresent(String.self, forKey: .model) ?? ""
        name = try c.decodeIfPresent(String.self, forKey: .name)
        system = try c.decodeIfPresent(String.self, forKey: .system)
        verbose = try c.decodeIfPresent(Bool.self, forKey: .verbose) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        if let system { try c.encode(system, forKey: .system) }
        if verbose { try c.encode(verbose, forKey: .verbose) }
    }

    /// `model`, or the deprecated `name` when `model` is empty.
    public var effectiveModel: String { model.isEmpty ? (name ?? "") : model }
}
