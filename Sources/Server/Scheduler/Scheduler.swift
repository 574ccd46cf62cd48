import Foundation
import Engine
import Registry

/// Loads models on first use, keeps them for their keep-alive, reloads them when runner options
/// change, evicts idle ones beyond `OLLAMA_MAX_LOADED_MODELS`, and hands each model to one
/// request at a time in arrival order (ollama's `server/sched.go`, first cut).
///
/// Every method is thread-safe; route handlers call them from their connection threads.
package final class Scheduler: LoadedModelsProvider, @unchecked Sendable {
    /// Server-wide settings.
    package struct Settings: Sendable {
        /// `OLLAMA_KEEP_ALIVE` (default 5m; `.forever` for a negative value).
        package var keepAlive: Duration = .seconds(300)
        /// `OLLAMA_MAX_LOADED_MODELS`; 0 = 3 (ollama's CPU default).
        package var maxLoadedModels = 0
        package var context = ContextPolicy.standard()

        package init() {}

        /// The settings of `environment`.
        package init(environment: OllamaEnvironment) {
            keepAlive = environment.keepAlive
            maxLoadedModels = Int(clamping: environment.maxLoadedModels)
            context = .standard(override: Int(clamping: environment.contextLength))
        }
    }

    package let settings: Settings
    let condition = NSCondition()
    /// Loaded runners by key (weights path).
    var runners: [String: Runner] = [:]
    /// Whether a load is in progress (one at a time).
    var loading = false
    var sharedPool: ThreadPool?
    /// What each weights file serves, found on first use.
    var kinds: [String: RunnerKind] = [:]

    package init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// The most models held at once.
    var capacity: Int { settings.maxLoadedModels > 0 ? settings.maxLoadedModels : 3 }

    // MARK: - Acquire / release

    /// Gets `model` loaded with `options` and waits for this request's turn on it.
    ///
    /// - Parameters:
    ///   - keepAlive: the request's `keep_alive`; nil keeps the runner's current value.
    ///   - kind: what the request needs the model for.
    ///   - isCancelled: polled while waiting; the client went away.
    /// - Returns: a lease to `release()` when the request ends.
    /// - Throws: `GenerationError` (`cancelled`, load failures as 500), `SchedulerError.wrongKind`
    ///   when the model cannot serve `kind` (the route words the 400).
    package func acquire(
        _ model: ResolvedModel, options: ModelOptions, keepAlive: KeepAlive?, kind: RunnerKind = .completion,
        isCancelled: () -> Bool
    ) throws -> RunnerLease {
        let start = GenerationRun.now()
        guard let path = model.modelPath else { throw SchedulerError.wrongKind(kind) }
        let key = path.path
        guard try self.kind(of: model, path: path) == kind else { throw SchedulerError.wrongKind(kind) }
        var loadedHere: Int64 = 0
        condition.lock()
        while true {
            if isCancelled() {
                condition.unlock()
                throw GenerationError.cancelled
            }
            if let runner = runners[key] {
                let wanted = runnerOptions(options, trained: runner.trainedContext, bytesPerToken: runner.kvBytesPerToken)
                if wanted == runner.options && !runner.unloadRequested {
                    runner.references += 1
                    runner.expiresAt = nil
                    runner.timerGeneration += 1
                    if let keepAlive { runner.keepAlive = keepAlive.duration }
                    condition.unlock()
                    do {
                        try runner.turn.acquire(isCancelled: isCancelled)
                    } catch {
                        finish(runner)
                        throw error
                    }
                    let waited = GenerationRun.now() - start
                    return RunnerLease(runner: runner, scheduler: self, loadDuration: max(loadedHere, waited))
                }
                // Different runner options (or an unload pending): reload once it is idle.
                if runner.references == 0 {
                    unloadLocked(runner)
                    continue
                }
                _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
                continue
            }
            if loading {
                _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
                continue
            }
            if runners.count >= capacity {
                if let victim = evictionCandidate() {
                    unloadLocked(victim)
                    continue
                }
                _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
                continue
            }
            loading = true
            condition.unlock()
            let loadStart = GenerationRun.now()
            let runner: Runner
            do {
                runner = try load(model, path: path, kind: kind, options: options,
                                  keepAlive: keepAlive?.duration ?? settings.keepAlive)
            } catch {
                condition.lock()
                loading = false
                condition.broadcast()
                condition.unlock()
                throw error
            }
            loadedHere = GenerationRun.now() - loadStart
            condition.lock()
            loading = false
            runners[key] = runner
            condition.broadcast()
        }
    }

    /// Ends a request's use of `runner`: starts its keep-alive, or unloads it when it expires at once.
    func finish(_ runner: Runner) {
        condition.lock()
        defer { condition.unlock() }
        runner.references -= 1
        guard runner.references == 0 else { return }
        if runner.unloadRequested || runner.keepAlive <= .zero {
            unloadLocked(runner)
            return
        }
        runner.timerGeneration += 1
        let generation = runner.timerGeneration
        if runner.keepAlive == .forever {
            runner.expiresAt = Date().addingTimeInterval(Double(Int64.max / 1_000_000_000))
            return
        }
        let seconds = Double(runner.keepAlive.totalNanoseconds) / 1e9
        runner.expiresAt = Date().addingTimeInterval(seconds)
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [weak self, weak runner] in
            guard let self, let runner else { return }
            self.expire(runner, generation: generation)
        }
    }

    private func expire(_ runner: Runner, generation: Int) {
        condition.lock()
        defer { condition.unlock() }
        guard runner.timerGeneration == generation, runner.references == 0, runners[runner.key] === runner else { return }
        unloadLocked(runner)
    }

    /// The idle runner to evict: shortest keep-alive first, then name.
    private func evictionCandidate() -> Runner? {
        runners.values.filter { $0.references == 0 }
            .min { ($0.keepAlive, $0.name) < ($1.keepAlive, $1.name) }
    }

    /// Removes `runner` (caller holds the lock and checked it is idle).
    func unloadLocked(_ runner: Runner) {
        if runners[runner.key] === runner { runners[runner.key] = nil }
        runner.timerGeneration += 1
        runner.close()
        condition.broadcast()
    }

    // MARK: - Unload

    /// Unloads `model` (`keep_alive: 0` with an empty prompt): at once when idle, else when its
    /// in-flight requests end; waits until it is gone.
    /// - Returns: whether it was loaded.
    @discardableResult
    package func unload(_ model: ResolvedModel, isCancelled: () -> Bool = { false }) -> Bool {
        guard let key = model.modelPath?.path else { return false }
        condition.lock()
        defer { condition.unlock() }
        guard let runner = runners[key] else { return false }
        runner.unloadRequested = true
        if runner.references == 0 { unloadLocked(runner) }
        while runners[key] === runner, !isCancelled() {
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
        }
        return true
    }

    /// Unloads every model (server shutdown).
    package func unloadAll() {
        condition.lock()
        defer { condition.unlock() }
        for runner in runners.values {
            runner.unloadRequested = true
            if runner.references == 0 { unloadLocked(runner) }
        }
    }

    // MARK: - LoadedModelsProvider

    package func loadedModels() -> [LoadedModel] {
        condition.lock()
        defer { condition.unlock() }
        return runners.values.map { runner in
            LoadedModel(name: runner.name, digest: runner.digest, size: runner.size,
                        expiresAt: runner.expiresAt ?? Date().addingTimeInterval(Double(runner.keepAlive.totalNanoseconds) / 1e9),
                        contextLength: runner.options.contextLength, details: runner.details)
        }
    }

    package func modelRemoved(_ name: String) {
        condition.lock()
        defer { condition.unlock() }
        for runner in runners.values where runner.name.lowercased() == name.lowercased() {
            runner.unloadRequested = true
            if runner.references == 0 { unloadLocked(runner) }
        }
    }

    // MARK: - Loading

    /// The runner options a request asks for.
    func runnerOptions(_ options: ModelOptions, trained: Int, bytesPerToken: Int) -> RunnerOptions {
        RunnerOptions(
            contextLength: settings.context.contextLength(requested: options.numCtx, trained: trained, bytesPerToken: bytesPerToken),
            batchSize: max(1, options.numBatch), threads: max(0, options.numThread))
    }
}

/// One request's hold on a loaded model; `release()` exactly once when the request ends.
package final class RunnerLease: @unchecked Sendable {
    package let runner: Runner
    /// Nanoseconds spent loading (or waiting for) the model: `load_duration`.
    package let loadDuration: Int64
    private weak var scheduler: Scheduler?
    private var released = false

    init(runner: Runner, scheduler: Scheduler, loadDuration: Int64) {
        self.runner = runner
        self.scheduler = scheduler
        self.loadDuration = loadDuration
    }

    /// Ends the request's turn and starts the keep-alive countdown.
    package func release() {
        guard !released else { return }
        released = true
        runner.turn.release()
        scheduler?.finish(runner)
    }

    deinit {
        release()
    }
}
