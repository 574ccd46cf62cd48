/// `GET/HEAD /`: `200 text/plain` `Ollama is running`.
enum RootRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        router.get("/", head: true) { _, response in
            try response.send(.ok, contentType: "text/plain; charset=utf-8", body: "Ollama is running")
        }
    }
}
