import Foundation
import Registry

/// `GET/HEAD /api/tags`: the installed models, most recently modified first.
///
/// A manifest that cannot be read is skipped (as ollama does), so one broken file never hides
/// the others.
enum TagsRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        router.get("/api/tags", head: true) { _, response in
            try response.sendAPI(ListResponse(models: list(context.store)))
        }
    }

    /// The `/api/tags` entries of `store`.
    static func list(_ store: ModelStore) -> [ListModelResponse] {
        var models: [ListModelResponse] = []
        for listing in store.manifests.list() {
            guard case .success(let stored) = listing.result else { continue }
            let config = readConfig(stored.manifest.config.digest, store: store)
            let name = stored.name.displayShortest
            let details = ModelDetails(format: config.modelFormat, family: config.modelFamily,
                                       families: config.modelFamilies, parameterSize: config.modelType,
                                       quantizationLevel: config.fileType)
            models.append(ListModelResponse(name: name, model: name, modifiedAt: stored.modified,
                                            size: stored.manifest.totalSize, digest: stored.digest.hex,
                                            details: details))
        }
        // Newest first by whole seconds, stable for equal seconds (ollama compares Unix()).
        return models.enumerated().sorted { a, b in
            let (sa, sb) = (Int64(a.element.modifiedAt.timeIntervalSince1970.rounded(.down)),
                            Int64(b.element.modifiedAt.timeIntervalSince1970.rounded(.down)))
            return sa != sb ? sa > sb : a.offset < b.offset
        }.map(\.element)
    }

    private static func readConfig(_ digest: Digest, store: ModelStore) -> ModelConfig {
        guard let data = FileManager.default.contents(atPath: store.blobs.path(of: digest).path),
              let config = try? ModelConfig.decode(data)
        else { return ModelConfig() }
        return config
    }
}
