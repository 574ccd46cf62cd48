/// `GET /api/version`: `{"version":"0.x.y"}`.
public struct VersionResponse: Codable, Equatable, Sendable {
    public var version: String

    public init(version: String) { self.version = version }
}
