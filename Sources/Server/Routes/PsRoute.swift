/// `GET /api/ps`: the models the engine holds, latest expiry first.
enum PsRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        router.get("/api/ps") { _, response in
            let models = context.loadedModels.loadedModels()
                .sorted { $0.expiresAt > $1.expiresAt }
                .map { loaded in
                    ProcessModelResponse(name: loaded.name, model: loaded.name, size: loaded.size, digest: loaded.digest,
                                         details: loaded.details, expiresAt: loaded.expiresAt, sizeVRAM: 0,
                                         contextLength: loaded.contextLength)
                }
            try response.sendAPI(ProcessResponse(models: models))
        }
    }
}
