import Foundation

/// The config blob of a model (ollama `model.ConfigV2`), referenced by `Manifest.config`.
///
/// Encoded exactly as Go marshals the struct: `model_format`, `model_family`,
/// `model_families`, `model_type`, `file_type` always present (empty string / `null`), the
/// optional fields only when set, then `architecture` (`amd64`), `os` (`linux`) and
/// `rootfs` (`{"type":"layers","diff_ids":[…]}`).
public struct ModelConfig: Codable, Equatable, Sendable {
    /// `gguf` or `safetensors`.
    public var modelFormat: String = ""
    public var modelFamily: String = ""
    public var modelFamilies: [String]?
    /// Parameter count label, e.g. `135M`, `8.0B`.
    public var modelType: String = ""
    /// Quantization label, e.g. `Q4_K_M`.
    public var fileType: String = ""
    public var renderer: String?
    public var parser: String?
    public var requires: String?
    public var remoteHost: String?
    public var remoteModel: String?
    public var capabilities: [String]?
    public var contextLength: Int?
    public var embeddingLength: Int?
    public var baseName: String?
    public var architecture: String = "amd64"
    public var os: String = "linux"
    public var rootFS: RootFS = RootFS()

    /// The OCI `rootfs` section; `diff_ids` lists the layer digests.
    public struct RootFS: Codable, Equatable, Sendable {
        public var type: String = "layers"
        public var diffIDs: [Digest] = []

        public init(type: String = "layers", diffIDs: [Digest] = []) {
            self.type = type
            self.diffIDs = diffIDs
        }

        enum CodingKeys: String, CodingKey {
            case type
            case diffIDs = "diff_ids"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decodeIfPresent(String.self, forKey: .type) ?? ""
            diffIDs = try c.decodeIfPresent([Digest].self, forKey: .diffIDs) ?? []
        }
    }

    public init() {}

    enum CodingKeys: String, CodingKey {
        case modelFormat = "model_format", modelFamily = "model_family", modelFamilies = "model_families"
        case modelType = "model_type", fileType = "file_type", renderer, parser, requires
        case remoteHost = "remote_host", remoteModel = "remote_model", capabilities
        case contextLength = "context_length", embeddingLength = "embedding_length", baseName = "base_name"
        case architecture, os, rootFS = "rootfs"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        modelFormat = try c.decodeIfPresent(String.self, forKey: .modelFormat) ?? ""
        modelFamily = try c.decodeIfPresent(String.self, forKey: .modelFamily) ?? ""
        modelFamilies = try c.decodeIfPresent([String].self, forKey: .modelFamilies)
        modelType = try c.decodeIfPresent(String.self, forKey: .modelType) ?? ""
        fileType = try c.decodeIfPresent(String.self, forKey: .fileType) ?? ""
        renderer = try c.decodeIfPresent(String.self, forKey: .renderer)
        parser = try c.decodeIfPresent(String.self, forKey: .parser)
        requires = try c.decodeIfPresent(String.self, forKey: .requires)
        remoteHost = try c.decodeIfPresent(String.self, forKey: .remoteHost)
        remoteModel = try c.decodeIfPresent(String.self, forKey: .remoteModel)
        capabilities = try c.decodeIfPresent([String].self, forKey: .capabilities)
        contextLength = try c.decodeIfPresent(Int.self, forKey: .contextLength)
        embeddingLength = try c.decodeIfPresent(Int.self, forKey: .embeddingLength)
        baseName = try c.decodeIfPresent(String.self, forKey: .baseName)
        architecture = try c.decodeIfPresent(String.self, forKey: .architecture) ?? ""
        os = try c.decodeIfPresent(String.self, forKey: .os) ?? ""
        rootFS = try c.decodeIfPresent(RootFS.self, forKey: .rootFS) ?? RootFS(type: "", diffIDs: [])
    }

    /// Decodes a config blob.
    /// - Throws: `RegistryError.invalidManifest` when the JSON is malformed.
    public static func decode(_ data: Data) throws -> ModelConfig {
        do {
            return try JSONDecoder().decode(ModelConfig.self, from: data)
        } catch {
            throw RegistryError.invalidManifest("config blob is not valid JSON")
        }
    }

    /// The bytes ollama would write for this config (Go field order, omitempty rules).
    public func jsonData() -> Data {
        var fields: [(String, String)] = [
            ("model_format", GoJSON.quoted(modelFormat)),
            ("model_family", GoJSON.quoted(modelFamily)),
            ("model_families", GoJSON.stringArray(modelFamilies)),
            ("model_type", GoJSON.quoted(modelType)),
            ("file_type", GoJSON.quoted(fileType)),
        ]
        func optional(_ key: String, _ value: String?) {
            if let value, !value.isEmpty { fields.append((key, GoJSON.quoted(value))) }
        }
        optional("renderer", renderer)
        optional("parser", parser)
        optional("requires", requires)
        optional("remote_host", remoteHost)
        optional("remote_model", remoteModel)
        if let capabilities, !capabilities.isEmpty { fields.append(("capabilities", GoJSON.stringArray(capabilities))) }
        if let contextLength, contextLength != 0 { fields.append(("context_length", String(contextLength))) }
        if let embeddingLength, embeddingLength != 0 { fields.append(("embedding_length", String(embeddingLength))) }
        optional("base_name", baseName)
        fields.append(("architecture", GoJSON.quoted(architecture)))
        fields.append(("os", GoJSON.quoted(os)))
        fields.append(("rootfs", GoJSON.object([
            ("type", GoJSON.quoted(rootFS.type)),
            ("diff_ids", GoJSON.stringArray(rootFS.diffIDs.map(\.description))),
        ])))
        return Data(GoJSON.object(fields).utf8)
    }
}
