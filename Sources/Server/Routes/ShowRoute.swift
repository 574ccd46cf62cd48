/// `POST /api/show`: a model's details, Modelfile, parameters, template, system, license,
/// messages, `model_info`, capabilities (and tensors when verbose).
enum ShowRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        router.post("/api/show") { request, response in
            let body = try request.decodeJSON(ShowRequest.self)
            let text = body.effectiveModel
            guard !text.isEmpty else { throw APIError.modelRequired }
            let model = try context.store.resolve(text)
            try response.sendAPI(try ShowBuilder.response(for: model, request: body))
        }
    }
}
