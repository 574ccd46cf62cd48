/// One status line of `/api/create`, `/api/pull`, `/api/push`: `{"status":"…"}` with
/// `digest`, `total`, `completed` when a transfer is in progress (omitted when empty/zero).
public struct ProgressResponse: Codable, Equatable, Sendable {
    public var status: String
    public var digest: String
    public var total: Int64
    public var completed: Int64

    public init(status: String, digest: String = "", total: Int64 = 0, completed: Int64 = 0) {
        self.status = status
        self.digest = digest
        self.total = total
        self.completed = completed
    }

    enum CodingKeys: String, CodingKey { case status, digest, total, completed }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = try c.decodeIfPresent(String.self, forKey: .status) ?? ""
        digest = try c.decodeIfPresent(String.self, forKey: .digest) ?? ""
        total = try c.decodeIfPresent(Int64.self, forKey: .total) ?? 0
        completed = try c.decodeIfPresent(Int64.self, forKey: .completed) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(status, forKey: .status)
        if !digest.isEmpty { try c.encode(digest, forKey: .digest) }
        if total != 0 { try c.encode(total, forKey: .total) }
        if completed != 0 { try c.encode(completed, forKey: .completed) }
    }
}
