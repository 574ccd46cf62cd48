import Foundation

/// An ollama image manifest (Docker distribution manifest v2 with ollama layer types).
///
/// ```json
/// {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
///  "config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:…","size":N},
///  "layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"sha256:…","size":N,"from":"…"}]}
/// ```
/// Decoding validates every digest and rejects negative sizes; `jsonData()` produces the bytes
/// ollama's Go code would marshal (used when we write or push a manifest we built).
public struct Manifest: Codable, Equatable, Sendable {
    public var schemaVersion: Int
    public var mediaType: String
    public var config: Layer
    public var layers: [Layer]

    public init(config: Layer, layers: [Layer]) {
        schemaVersion = 2
        mediaType = MediaType.manifest
        self.config = config
        self.layers = layers
    }

    /// One blob reference: a layer, or the config.
    public struct Layer: Codable, Equatable, Sendable {
        public var mediaType: String
        public var digest: Digest
        public var size: Int64
        /// The model this layer was inherited from (`from`, omitted when empty).
        public var from: String?
        /// A tensor or file name for safetensors/MLX layers (`name`, omitted when empty).
        public var name: String?

        public init(mediaType: String, digest: Digest, size: Int64, from: String? = nil, name: String? = nil) {
            self.mediaType = mediaType
            self.digest = digest
            self.size = size
            self.from = from
            self.name = name
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            mediaType = try c.decode(String.self, forKey: .mediaType)
            digest = try c.decode(Digest.self, forKey: .digest)
            size = try c.decode(Int64.self, forKey: .size)
            from = try c.decodeIfPresent(String.self, forKey: .from)
            name = try c.decodeIfPresent(String.self, forKey: .name)
            guard size >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: .size, in: c, debugDescription: "negative size")
            }
        }

        /// Go field order: mediaType, digest, size, from?, name?.
        var goJSON: String {
            var fields = [("mediaType", GoJSON.quoted(mediaType)), ("digest", GoJSON.quoted(digest.description)),
                          ("size", String(size))]
            if let from, !from.isEmpty { fields.append(("from", GoJSON.quoted(from))) }
            if let name, !name.isEmpty { fields.append(("name", GoJSON.quoted(name))) }
            return GoJSON.object(fields)
        }
    }

    /// Decodes and validates manifest bytes.
    /// - Throws: `RegistryError.invalidManifest` with the reason.
    public static func decode(_ data: Data) throws -> Manifest {
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: data)
        } catch let error as RegistryError {
            throw RegistryError.invalidManifest(error.description)
        } catch let DecodingError.dataCorrupted(context) {
            throw RegistryError.invalidManifest(Self.reason(context))
        } catch let DecodingError.keyNotFound(key, _) {
            throw RegistryError.invalidManifest("missing \"\(key.stringValue)\"")
        } catch let DecodingError.typeMismatch(_, context) {
            throw RegistryError.invalidManifest("wrong type at \(Self.path(context))")
        } catch {
            throw RegistryError.invalidManifest("not valid JSON")
        }
        guard manifest.schemaVersion == 2 else {
            throw RegistryError.invalidManifest("unsupported schemaVersion \(manifest.schemaVersion)")
        }
        return manifest
    }

    /// The manifest as ollama writes it: compact JSON, Go field order.
    public func jsonData() -> Data {
        let text = GoJSON.object([
            ("schemaVersion", String(schemaVersion)),
            ("mediaType", GoJSON.quoted(mediaType)),
            ("config", config.goJSON),
            ("layers", GoJSON.array(layers.map(\.goJSON))),
        ])
        return Data(text.utf8)
    }

    /// Sum of the config and layer sizes (the `size` of `/api/tags`).
    public var totalSize: Int64 { layers.reduce(config.size) { $0 + $1.size } }

    /// The config and every layer digest, config first.
    public var referencedDigests: [Digest] { [config.digest] + layers.map(\.digest) }

    /// Layers of one media type, in order.
    public func layers(ofType mediaType: String) -> [Layer] { layers.filter { $0.mediaType == mediaType } }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    private static func reason(_ context: DecodingError.Context) -> String {
        if let underlying = context.underlyingError as? RegistryError { return underlying.description }
        return context.codingPath.isEmpty ? "not valid JSON" : "bad value at \(path(context))"
    }
}
