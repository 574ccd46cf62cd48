import Foundation
import Registry

/// What every route handler can reach: the model store, the engine's view of loaded models, and
/// the server's settings. One instance per server, shared by all connection threads.
public final class ServerContext: @unchecked Sendable {
    /// The model store under `OLLAMA_MODELS`.
    public let store: ModelStore
    /// The models the engine holds (`/api/ps`); `NoLoadedModels` until an engine is attached.
    public let loadedModels: any LoadedModelsProvider
    /// The `OLLAMA_*` settings the server was started with.
    package let environment: OllamaEnvironment

    package init(store: ModelStore, loadedModels: any LoadedModelsProvider, environment: OllamaEnvironment) {
        self.store = store
        self.loadedModels = loadedModels
        self.environment = environment
    }
}

/// A set of routes living in one file; `Routes.register` calls each group once.
package protocol RouteGroup {
    static func register(on router: Router, context: ServerContext)
}
