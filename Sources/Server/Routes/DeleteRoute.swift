import Registry

/// `DELETE /api/delete`: removes a manifest, its empty directories, and the blobs no other
/// manifest references.
enum DeleteRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        router.delete("/api/delete") { request, response in
            let body = try request.decodeJSON(DeleteRequest.self)
            try delete(body.effectiveModel, context: context)
            try response.send(.ok)
        }
    }

    /// Deletes `text` with ollama's checks and messages.
    static func delete(_ text: String, context: ServerContext) throws {
        let store = context.store
        guard ModelName.parse(text) != nil else { throw APIError.badRequest("name \(GoQuote.quote(text)) is invalid") }
        let removed: StoredManifest = try store.withWriteLock {
            guard let name = store.existingName(text), let stored = try? store.manifests.read(name) else {
                throw APIError.modelNotFound(text)
            }
            do {
                try store.manifests.delete(name)
            } catch let error as RegistryError {
                throw APIError.from(error)
            }
            return stored
        }
        context.loadedModels.modelRemoved(removed.name.displayShortest)
        store.prune(candidates: Set(removed.manifest.referencedDigests), force: true)
    }
}
