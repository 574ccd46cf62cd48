import Foundation
import Registry

/// The layers of a model being created, each with the status line ollama prints for it.
struct CreateLayers {
    struct Entry {
        var layer: Manifest.Layer
        /// `using existing layer sha256:…`, `creating new layer sha256:…`, or
        /// `using autodetected template <name>`.
        var status: String
    }

    let blobs: BlobStore
    private(set) var entries: [Entry] = []

    init(blobs: BlobStore) { self.blobs = blobs }

    /// The manifest layers, in order.
    var layers: [Manifest.Layer] { entries.map(\.layer) }

    /// Adds an existing blob as a layer (`using existing layer …`).
    mutating func addExisting(_ digest: Digest, mediaType: String, from: String = "") throws {
        let size: Int64
        do {
            size = try blobs.size(of: digest)
        } catch let error as RegistryError {
            throw APIError.badRequest(error.description)
        }
        let layer = Manifest.Layer(mediaType: mediaType, digest: digest, size: size, from: from.isEmpty ? nil : from)
        entries.append(Entry(layer: layer, status: "using existing layer \(digest)"))
    }

    /// Replaces the blob of layer `index` (same media type) with `digest`, a new layer.
    mutating func replace(at index: Int, with digest: Digest) throws {
        let size: Int64
        do {
            size = try blobs.size(of: digest)
        } catch let error as RegistryError {
            throw APIError.internalError(error.description)
        }
        let layer = Manifest.Layer(mediaType: entries[index].layer.mediaType, digest: digest, size: size)
        entries[index] = Entry(layer: layer, status: "creating new layer \(digest)")
    }

    /// Stores `bytes` as a blob and adds it as a layer; the status says whether the blob is new.
    mutating func addContent(_ bytes: Data, mediaType: String, status: String? = nil) throws {
        let (layer, created) = try Self.store(bytes, mediaType: mediaType, blobs: blobs)
        let line = status ?? "\(created ? "creating new" : "using existing") layer \(layer.digest)"
        entries.append(Entry(layer: layer, status: line))
    }

    /// Removes every layer of `mediaType` (an instruction replaces what the parent had).
    mutating func remove(_ mediaType: String) {
        entries.removeAll { $0.layer.mediaType == mediaType }
    }

    /// Layers of one media type.
    func layers(ofType mediaType: String) -> [Manifest.Layer] {
        entries.map(\.layer).filter { $0.mediaType == mediaType }
    }

    /// Writes `bytes` as a blob (if absent) and returns its layer and whether it was created.
    static func store(_ bytes: Data, mediaType: String, blobs: BlobStore) throws -> (Manifest.Layer, Bool) {
        let digest = SHA256.hash(bytes)
        do {
            let created = blobs.has(digest) ? false : try blobs.write(bytes, expected: digest)
            return (Manifest.Layer(mediaType: mediaType, digest: digest, size: Int64(bytes.count)), created)
        } catch let error as RegistryError {
            throw APIError.internalError(error.description)
        }
    }
}

extension JSONValue {
    /// Go's `json.Encoder` output for a value decoded into `map[string]any`: object keys sorted,
    /// then a newline (how ollama writes params, messages and config blobs).
    var goEncoderData: Data {
        var data = sortedKeys.serializedData()
        data.append(0x0A)
        return data
    }

    /// The value with every object's keys sorted (Go marshals maps in key order).
    var sortedKeys: JSONValue {
        switch self {
        case .object(let object):
            return .object(JSONObject(object.keys.sorted().compactMap { key in object[key].map { (key, $0.sortedKeys) } }))
        case .array(let items):
            return .array(items.map(\.sortedKeys))
        default:
            return self
        }
    }
}
