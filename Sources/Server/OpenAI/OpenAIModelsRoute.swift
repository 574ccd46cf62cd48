import Foundation
import Registry

/// `GET /v1/models` and `GET /v1/models/:model` (ollama-api.md §1.8): the installed models as
/// `{"id","object":"model","created":<manifest mtime>,"owned_by":<namespace>}`.
enum OpenAIModelsRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        router.get("/v1/models") { _, response in
            try OpenAIHandler.run(response) {
                let models = entries(context.store)
                let data: JSONValue = models.isEmpty ? .null : .array(models.map(\.json))
                try response.sendAPI(["object": "list", "data": data])
            }
        }
        router.get("/v1/models/:model") { request, response in
            try OpenAIHandler.run(response) {
                let text = request.parameter("model") ?? ""
                guard let name = context.store.existingName(text),
                      let entry = entries(context.store).first(where: { $0.name == name })
                else { throw OpenAIError(.notFound, "model '\(text)' not found") }
                try response.sendAPI(entry.json)
            }
        }
    }

    struct Entry {
        let name: ModelName
        let created: Int64

        var json: JSONValue {
            ["id": .string(name.displayShortest), "object": "model", "created": .int(created),
             "owned_by": .string(name.namespace)]
        }
    }

    /// Every readable manifest, newest first.
    static func entries(_ store: ModelStore) -> [Entry] {
        store.manifests.list().compactMap { listing -> Entry? in
            guard case .success(let stored) = listing.result else { return nil }
            return Entry(name: stored.name, created: Int64(stored.modified.timeIntervalSince1970.rounded(.down)))
        }.sorted { $0.created > $1.created }
    }
}
