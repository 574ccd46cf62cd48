import Foundation

/// One model held in memory by the engine, as `/api/ps` reports it.
public struct LoadedModel: Sendable {
    /// The model's name in `DisplayShortest` form (`smol:latest`).
    public var name: String
    /// SHA-256 hex of the manifest (no prefix).
    public var digest: String
    /// Bytes used by weights, KV cache and buffers.
    public var size: Int64
    /// When the model will be unloaded if unused.
    public var expiresAt: Date
    /// The context length it was loaded with.
    public var contextLength: Int
    /// The `details` of the model.
    public var details: ModelDetails

    public init(name: String, digest: String, size: Int64, expiresAt: Date, contextLength: Int, details: ModelDetails) {
        self.name = name
        self.digest = digest
        self.size = size
        self.expiresAt = expiresAt
        self.contextLength = contextLength
        self.details = details
    }
}

/// What `/api/ps` asks of the engine's scheduler; the generation code implements it.
public protocol LoadedModelsProvider: AnyObject, Sendable {
    /// The models currently loaded.
    func loadedModels() -> [LoadedModel]
    /// Called after a model's manifest was deleted or overwritten, so a loaded copy can be unloaded.
    func modelRemoved(_ name: String)
}

/// The provider used until an engine is attached: nothing is ever loaded.
public final class NoLoadedModels: LoadedModelsProvider {
    public init() {}
    public func loadedModels() -> [LoadedModel] { [] }
    public func modelRemoved(_ name: String) {}
}
