import Registry

/// `POST /api/copy`: copies a manifest to a new name (overwriting it); the blobs are shared.
enum CopyRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        router.post("/api/copy") { request, response in
            let body = try request.decodeJSON(CopyRequest.self)
            try copy(body, store: context.store)
            try response.send(.ok)
        }
    }

    /// Copies `source` to `destination` with ollama's checks and messages.
    static func copy(_ body: CopyRequest, store: ModelStore) throws {
        guard ModelName.parse(body.source) != nil else {
            throw APIError.badRequest("source \(GoQuote.quote(body.source)) is invalid")
        }
        guard let destination = ModelName.parse(body.destination) else {
            throw APIError.badRequest("destination \(GoQuote.quote(body.destination)) is invalid")
        }
        try store.withWriteLock {
            guard let source = store.existingName(body.source), let stored = try? store.manifests.read(source) else {
                throw APIError.notFound("model \(GoQuote.quote(body.source)) not found")
            }
            let target = store.manifests.resolve(destination) ?? destination
            do {
                try store.manifests.write(raw: stored.raw, for: target)
            } catch let error as RegistryError {
                throw APIError.from(error)
            }
        }
    }
}
