/// Runs `/api/create`.
struct ModelCreator {
    let store: ModelStore
    let loadedModels: any LoadedModelsProvider

    func run(_ request: CreateRequest, response: HTTPResponseWriter) throws {
        throw APIError(.notImplemented, "create is not implemented yet")
    }
}
