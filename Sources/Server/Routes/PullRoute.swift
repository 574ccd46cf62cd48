import Foundation
import Registry

/// `POST /api/pull`: downloads a model from its registry, streaming ollama's statuses
/// (`pulling manifest`, `pulling <digest[7:19]>` with digest/total/completed,
/// `verifying sha256 digest`, `writing manifest`, `removing unused layers`, `success`).
///
/// The old version's orphaned layers are removed under the store's write lock (unless
/// `OLLAMA_NOPRUNE`), so a concurrent create never loses a blob it is about to reference.
enum PullRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        let client = RegistryTransfers.client(context)
        router.post("/api/pull") { request, response in
            let body = try request.decodeJSON(TransferRequest.self)
            let text = body.effectiveModel
            guard !text.isEmpty else { throw APIError.modelRequired }
            guard let parsed = ModelName.parse(text) else { throw APIError.invalidModelName }
            let name = context.store.manifests.resolve(parsed) ?? parsed
            let store = context.store
            let options = RegistryTransfers.options(context, insecure: body.insecure, pruneOldLayers: false)
            try TransferStream().run(stream: body.stream ?? true, response: response) { stream in
                let previous = try? store.manifests.read(name)
                let report: @Sendable (TransferProgress) -> Void = { progress in
                    if progress.status != "success" { stream.report(progress) }
                }
                let pulled = try await client.pull(name, root: store.root, options: options, progress: report)
                if let previous, !store.noPrune {
                    let current = try store.manifests.read(name).manifest
                    let orphans = Set(previous.manifest.referencedDigests).subtracting(current.referencedDigests)
                    if !orphans.isEmpty {
                        stream.report(TransferProgress(status: "removing unused layers"))
                        _ = store.prune(candidates: orphans)
                    }
                }
                if previous != nil, previous?.digest != pulled.manifestDigest {
                    context.loadedModels.modelRemoved(name.displayShortest)
                }
                stream.report(TransferProgress(status: "success"))
            }
        }
    }
}

/// The registry client and transfer settings shared by the pull and push routes.
enum RegistryTransfers {
    /// One client per server, with the credentials of its environment.
    static func client(_ context: ServerContext) -> RegistryClient {
        let environment = context.environment
        let credentials = RegistryCredentials.load(
            registryAuth: environment.registryAuth.isEmpty ? nil : environment.registryAuth,
            dockerConfig: URL(fileURLWithPath: environment.dockerConfigFile))
        return RegistryClient(userAgent: "ollama/\(ServerInfo.version) (amd64 linux) Swift", credentials: credentials)
    }

    static func options(_ context: ServerContext, insecure: Bool, pruneOldLayers: Bool = true) -> TransferOptions {
        var options = TransferOptions(insecure: insecure)
        options.maxStreams = Int(context.environment.maxTransferStreams)
        options.pruneOldLayers = pruneOldLayers
        return options
    }
}
