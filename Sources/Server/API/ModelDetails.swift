/// `details` of `/api/tags`, `/api/show` and `/api/ps` (ollama `api.ModelDetails`).
///
/// Go writes every field, `families` as `null` when unset.
public struct ModelDetails: Codable, Equatable, Sendable {
    public var parentModel: String
    public var format: String
    public var family: String
    public var families: [String]?
    public var parameterSize: String
    public var quantizationLevel: String

    public init(parentModel: String = "", format: String = "", family: String = "", families: [String]? = nil,
                parameterSize: String = "", quantizationLevel: String = "") {
        self.parentModel = parentModel
        self.format = format
        self.family = family
        self.families = families
        self.parameterSize = parameterSize
        self.quantizationLevel = quantizationLevel
    }

    enum CodingKeys: String, CodingKey {
        case parentModel = "parent_model", format, family, families
        case parameterSize = "parameter_size", quantizationLevel = "quantization_level"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        parentModel = try c.decodeIfPresent(String.self, forKey: .parentModel) ?? ""
        format = try c.decodeIfPresent(String.self, forKey: .format) ?? ""
        family = try c.decodeIfPresent(String.self, forKey: .family) ?? ""
        families = try c.decodeIfPresent([String].self, forKey: .families)
        parameterSize = try c.decodeIfPresent(String.self, forKey: .parameterSize) ?? ""
        quantizationLevel = try c.decodeIfPresent(String.self, forKey: .quantizationLevel) ?? ""
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(parentModel, forKey: .parentModel)
        try c.encode(format, forKey: .format)
        try c.encode(family, forKey: .family)
        if let families { try c.encode(families, forKey: .families) } else { try c.encodeNil(forKey: .families) }
        try c.encode(parameterSize, forKey: .parameterSize)
        try c.encode(quantizationLevel, forKey: .quantizationLevel)
    }
}
