import Foundation
import Registry

/// An installed model with its layers read (ollama's `server.Model`): what generation, show and
/// create need to know about a name.
public struct ResolvedModel: Sendable {
    /// The name as stored on disk (its casing).
    public let name: ModelName
    public let stored: StoredManifest
    /// The config blob.
    public let config: ModelConfig
    /// The GGUF weights (`.model` layer), if any.
    public let modelPath: URL?
    /// The digest of the weights layer.
    public let modelDigest: Digest?
    /// The `from` of the weights layer: the model it was derived from.
    public let parentModel: String
    /// LoRA adapters (`.adapter` layers).
    public let adapterPaths: [URL]
    /// Multimodal projectors (`.projector` layers).
    public let projectorPaths: [URL]
    /// The Go template text, nil when the model has no template layer.
    public let template: String?
    /// The system prompt ("" when none).
    public let system: String
    /// The `.params` layer as stored (key order kept); empty when none.
    public let parameters: JSONObject
    /// The `.messages` layer.
    public let messages: [ModelMessage]
    /// The `.license` layers, in order.
    public let license: [String]

    /// `DisplayShortest` of the name (`smol:latest`).
    public var shortName: String { name.displayShortest }
    /// SHA-256 of the manifest bytes (hex without prefix in the API).
    public var digest: Digest { stored.digest }
    /// When the manifest was written.
    public var modifiedAt: Date { stored.modified }

    /// Reads the layers of `stored` from `blobs`.
    /// - Throws: `APIError` 500 when a layer blob is missing or malformed.
    public init(stored: StoredManifest, blobs: BlobStore) throws {
        name = stored.name
        self.stored = stored
        let manifest = stored.manifest
        func text(_ layer: Manifest.Layer) throws -> String {
            guard let data = FileManager.default.contents(atPath: blobs.path(of: layer.digest).path) else {
                throw APIError.internalError(RegistryError.blobNotFound(layer.digest).description)
            }
            return String(decoding: data, as: UTF8.self)
        }
        if let data = FileManager.default.contents(atPath: blobs.path(of: manifest.config.digest).path),
           let decoded = try? ModelConfig.decode(data) {
            config = decoded
        } else {
            config = ModelConfig()
        }
        let model = manifest.layers(ofType: MediaType.model).first
        modelPath = model.map { blobs.path(of: $0.digest) }
        modelDigest = model?.digest
        parentModel = model?.from ?? ""
        adapterPaths = manifest.layers(ofType: MediaType.adapter).map { blobs.path(of: $0.digest) }
        projectorPaths = manifest.layers(ofType: MediaType.projector).map { blobs.path(of: $0.digest) }
        let templateLayer = manifest.layers.last { $0.mediaType == MediaType.template || $0.mediaType == MediaType.prompt }
        template = try templateLayer.map(text)
        system = try manifest.layers(ofType: MediaType.system).last.map(text) ?? ""
        license = try manifest.layers(ofType: MediaType.license).map(text)
        if let layer = manifest.layers(ofType: MediaType.params).last {
            guard case .object(let object)? = try? JSONParser().parse(try text(layer)) else {
                throw APIError.internalError("invalid params layer \(layer.digest)")
            }
            parameters = object
        } else {
            parameters = JSONObject()
        }
        if let layer = manifest.layers(ofType: MediaType.messages).last {
            do {
                messages = try JSONValueDecoder().decode([ModelMessage].self, from: Data(try text(layer).utf8))
            } catch {
                throw APIError.internalError("invalid messages layer \(layer.digest)")
            }
        } else {
            messages = []
        }
    }

    /// `details` as `/api/tags`, `/api/show` and `/api/ps` report them.
    public var details: ModelDetails {
        ModelDetails(parentModel: parentModel, format: config.modelFormat, family: config.modelFamily,
                     families: config.modelFamilies, parameterSize: config.modelType,
                     quantizationLevel: config.fileType)
    }
}
