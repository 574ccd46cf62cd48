/// `GET/HEAD /api/version`: `{"version":"0.x.y"}`.
enum VersionRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        router.get("/api/version", head: true) { _, response in
            try response.sendAPI(VersionResponse(version: ServerInfo.version))
        }
    }
}
