/// Builds the `/api/show` response of a resolved model.
enum ShowBuilder {
    static func response(for model: ResolvedModel, request: ShowRequest) throws -> JSONValue {
        throw APIError(.notImplemented, "show is not implemented yet")
    }
}
