import Foundation
import Registry

/// What the generate and chat routes run on: the scheduler of loaded models and the hook for
/// structured outputs. The server hands it to `OllamaServer` as its `LoadedModelsProvider`.
package final class GenerationEngine: LoadedModelsProvider, @unchecked Sendable {
    package let scheduler: Scheduler
    /// Builds token constraints for `format` (structured outputs).
    package var formats: any FormatConstraintFactory

    package init(settings: Scheduler.Settings = Scheduler.Settings(),
                 formats: any FormatConstraintFactory = GrammarFormats()) {
        scheduler = Scheduler(settings: settings)
        self.formats = formats
    }

    /// The engine of `environment` (`OLLAMA_KEEP_ALIVE`, `OLLAMA_MAX_LOADED_MODELS`, `OLLAMA_CONTEXT_LENGTH`).
    package convenience init(environment: OllamaEnvironment) {
        self.init(settings: Scheduler.Settings(environment: environment))
    }

    package func loadedModels() -> [LoadedModel] { scheduler.loadedModels() }

    package func modelRemoved(_ name: String) { scheduler.modelRemoved(name) }

    /// The engine attached to a server context.
    /// - Throws: 500 when the server was built without one.
    static func from(_ context: ServerContext) throws -> GenerationEngine {
        guard let engine = context.loadedModels as? GenerationEngine else {
            throw GenerationError.internalError("no inference engine attached to this server")
        }
        return engine
    }
}
