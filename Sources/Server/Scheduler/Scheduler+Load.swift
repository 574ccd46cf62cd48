import Foundation
import Engine

/// A request asked a model for something it does not do (generate on an embedding model, embed
/// on a generation model); the route turns it into ollama's 400 text.
package enum SchedulerError: Error, Equatable {
    case wrongKind(RunnerKind)
}

extension Scheduler {
    /// What the weights at `path` serve: `embedding` when the GGUF declares a pooling type or is
    /// an architecture the embedder runs, else `completion`. Remembered per file.
    func kind(of model: ResolvedModel, path: URL) throws -> RunnerKind {
        condition.lock()
        if let known = kinds[path.path] {
            condition.unlock()
            return known
        }
        condition.unlock()
        let file = try open(model, path: path)
        let arch = file.metadata.string("general.architecture") ?? ""
        let kind: RunnerKind = Embedder.supports(file) || file.metadata.int("\(arch).pooling_type") != nil
            ? .embedding : .completion
        condition.lock()
        kinds[path.path] = kind
        condition.unlock()
        return kind
    }

    /// Maps the GGUF; a format error gets ollama's "may be incompatible" suffix.
    func open(_ model: ResolvedModel, path: URL) throws -> GGUFFile {
        do {
            return try GGUFFile.open(path: path.path)
        } catch {
            throw GenerationError.internalError(
                "\(error): this model may be incompatible with your version of Ollama. If you previously pulled this model, try updating it by running `ollama pull \(model.shortName)`")
        }
    }

    /// The shared pool, or a dedicated one of `threads` threads.
    func pool(threads: Int) -> (ThreadPool, own: Bool) {
        condition.lock()
        defer { condition.unlock() }
        let shared = sharedPool ?? ThreadPool()
        sharedPool = shared
        if threads == 0 || threads == shared.threadCount { return (shared, false) }
        return (ThreadPool(threads: threads), true)
    }

    /// Loads the weights at `path` as a runner of `kind`.
    func load(_ model: ResolvedModel, path: URL, kind: RunnerKind, options: ModelOptions,
              keepAlive: Duration) throws -> Runner {
        let start = GenerationRun.now()
        let file = try open(model, path: path)
        let arch = file.metadata.string("general.architecture") ?? ""
        let (threadPool, own) = pool(threads: max(0, options.numThread))
        do {
            switch kind {
            case .embedding:
                guard Embedder.supports(file) else {
                    throw GenerationError.internalError(EmbedError.notAnEmbeddingModel(arch).description)
                }
                let trained = file.metadata.int("\(arch).context_length") ?? 512
                let runnerOptions = runnerOptions(options, trained: trained, bytesPerToken: 0)
                let embedder = try Embedder(file: file, pool: threadPool, contextLength: runnerOptions.contextLength,
                                            maxBatchTokens: max(2048, runnerOptions.batchSize))
                return Runner(
                    key: path.path, name: model.shortName, digest: model.digest.hex, details: model.details, file: file,
                    embedder: embedder, trainedContext: trained, options: runnerOptions, ownPool: own ? threadPool : nil,
                    loadDuration: GenerationRun.now() - start, keepAlive: keepAlive)
            case .completion:
                let engineModel = try ModelLoader.load(file, pool: threadPool)
                let tokenizer = try Tokenizer(file)
                let h = engineModel.hyperParameters
                let runnerOptions = runnerOptions(options, trained: h.contextLength, bytesPerToken: Runner.kvBytesPerToken(h))
                let vision = !model.projectorPaths.isEmpty || file.metadata.int("\(arch).vision.block_count") != nil
                return Runner(
                    key: path.path, name: model.shortName, digest: model.digest.hex, details: model.details, file: file,
                    model: engineModel, tokenizer: tokenizer, options: runnerOptions, ownPool: own ? threadPool : nil,
                    loadDuration: GenerationRun.now() - start, supportsVision: vision, keepAlive: keepAlive)
            }
        } catch let error as GenerationError {
            if own { threadPool.shutdown() }
            throw error
        } catch {
            if own { threadPool.shutdown() }
            throw GenerationError.internalError("\(error)")
        }
    }
}
