import Foundation

extension APIClient {
    /// `POST /api/generate`, calling `onChunk` for every chunk (one when `stream` is false).
    public func generate(_ request: GenerateRequest, onChunk: (GenerateResponse) throws -> Void) throws {
        try stream(.post, "/api/generate", json: request) { line in
            try onChunk(try JSONValueDecoder().decode(GenerateResponse.self, from: line))
        }
    }

    /// `POST /api/chat`, calling `onChunk` for every chunk (one when `stream` is false).
    public func chat(_ request: ChatRequest, onChunk: (ChatResponse) throws -> Void) throws {
        try stream(.post, "/api/chat", json: request) { line in
            try onChunk(try JSONValueDecoder().decode(ChatResponse.self, from: line))
        }
    }
}
