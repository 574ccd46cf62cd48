/// `POST /api/create`: builds a model from uploaded blobs or an existing model, streaming
/// progress statuses as NDJSON (or one object with `"stream": false`).
enum CreateRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        router.post("/api/create") { request, response in
            let body = try request.decodeJSON(CreateRequest.self)
            try ModelCreator(store: context.store, loadedModels: context.loadedModels).run(body, response: response)
        }
    }
}
