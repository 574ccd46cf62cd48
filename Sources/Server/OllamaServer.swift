import Foundation
import Registry

/// The ollama server assembled: settings → model store → routes → HTTP server.
///
/// `ollama serve` builds one from the environment, tests build one on port 0 with a temporary
/// `OLLAMA_MODELS`. `start()` prepares the store (blob renames, startup prune unless
/// `OLLAMA_NOPRUNE`) and then listens.
package final class OllamaServer {
    package let context: ServerContext
    package let router: Router
    package let http: HTTPServer

    /// - Parameters:
    ///   - environment: the `OLLAMA_*` settings (host, models directory, origins, noprune…).
    ///   - configure: adjusts the HTTP settings derived from the environment (tests: port 0).
    ///   - loadedModels: the engine's loaded-model view for `/api/ps`.
    ///   - requestLogger: called after every request (`OLLAMA_DEBUG`).
    package init(environment: OllamaEnvironment, configure: (inout ServerConfiguration) -> Void = { _ in },
                 loadedModels: any LoadedModelsProvider = NoLoadedModels(),
                 requestLogger: HTTPServer.RequestLogger? = nil) {
        var configuration = ServerConfiguration(
            host: environment.host.host.isEmpty ? "0.0.0.0" : environment.host.host,
            port: environment.host.port, allowedOrigins: environment.origins)
        configure(&configuration)
        let store = ModelStore(root: URL(fileURLWithPath: environment.modelsDirectory, isDirectory: true),
                               noPrune: environment.noPrune)
        context = ServerContext(store: store, loadedModels: loadedModels, environment: environment)
        router = Router()
        Routes.register(on: router, context: context)
        http = HTTPServer(configuration: configuration, router: router, requestLogger: requestLogger)
    }

    /// The model store.
    package var store: ModelStore { context.store }

    /// The bound port (after `start()`).
    package var port: Int { http.port }

    /// Renames old `sha256:` blob names, prunes unreferenced blobs (unless `OLLAMA_NOPRUNE`),
    /// then binds and starts serving in the background.
    /// - Throws: `HTTPServerError` when the address cannot be bound.
    package func start() throws {
        _ = try? store.blobs.migrateColonNames()
        if !store.noPrune {
            store.prune()
            store.manifests.removeEmptyDirectories()
        }
        try http.start()
    }

    /// Stops accepting and finishes in-flight requests.
    package func stop() { http.stop() }

    /// Blocks until `stop()` completed.
    package func waitUntilStopped() { http.waitUntilStopped() }
}
