/// The API surface: every route group, one line per route file. Add new groups here.
package enum Routes {
    package static let groups: [any RouteGroup.Type] = [
        RootRoute.self,
        VersionRoute.self,
        TagsRoute.self,
        ShowRoute.self,
        CopyRoute.self,
        DeleteRoute.self,
        BlobsRoute.self,
        CreateRoute.self,
        PsRoute.self,
        GenerateRoute.self,
        ChatRoute.self,
        PullRoute.self,
        PushRoute.self,
        OpenAIChatRoute.self,
        OpenAICompletionsRoute.self,
        OpenAIModelsRoute.self,
        AnthropicMessagesRoute.self,
        EmbedRoute.self,
        OpenAIEmbeddingsRoute.self,
    ]

    /// Registers every group on `router`.
    package static func register(on router: Router, context: ServerContext) {
        for group in groups { group.register(on: router, context: context) }
    }
}
