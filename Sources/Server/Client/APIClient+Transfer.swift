extension APIClient {
    /// `POST /api/pull`, calling `onProgress` for every status line.
    public func pull(_ request: TransferRequest, onProgress: (ProgressResponse) throws -> Void) throws {
        try stream(.post, "/api/pull", json: request) { line in
            try onProgress(try JSONValueDecoder().decode(ProgressResponse.self, from: line))
        }
    }

    /// `POST /api/push`, calling `onProgress` for every status line.
    public func push(_ request: TransferRequest, onProgress: (ProgressResponse) throws -> Void) throws {
        try stream(.post, "/api/push", json: request) { line in
            try onProgress(try JSONValueDecoder().decode(ProgressResponse.self, from: line))
        }
    }
}
