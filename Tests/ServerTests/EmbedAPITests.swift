import Foundation
import Server
import Testing

extension LiveEmbeddingTests {
    /// `/api/embed`, `/api/embeddings` and the capability checks on the real all-MiniLM-L6-v2,
    /// created from its safetensors folder through the server, against sentence-transformers'
    /// embeddings.
    @Suite struct EmbedAPITests {
        @Test func createFromSafetensorsConvertsInTheStore() throws {
            let live = try EmbeddingTestServer.get()
            let statuses = live.createStatuses.map(\.status)
            #expect(statuses.first == "converting model", "\(statuses)")
            #expect(statuses.contains { $0.hasPrefix("creating new layer sha256:") })
            #expect(statuses.suffix(2) == ["writing manifest", "success"])
            let show = try live.client.show(ShowRequest(model: "minilm"))
            #expect(show.details.family == "bert")
            #expect(show.details.format == "gguf")
            #expect(show.details.quantizationLevel == "F16")
            #expect(show.capabilities == ["embedding"])
        }

        @Test func singleInputMatchesReference() throws {
            let live = try EmbeddingTestServer.get()
            let reference = try #require(EmbeddingTestServer.reference.first)
            let (status, body) = try live.post("/api/embed", #"{"model": "minilm", "input": "\#(reference.text)"}"#)
            #expect(status == 200)
            #expect(body.objectValue?.keys == ["model", "embeddings", "total_duration", "load_duration", "prompt_eval_count"])
            #expect(body["model"] == "minilm")
            let vectors = Vectors.matrix(body["embeddings"])
            #expect(vectors.count == 1)
            let vector = try #require(vectors.first)
            #expect(vector.count == 384)
            #expect(Vectors.cosine(vector, reference.embedding) >= 0.999)
            #expect(abs(Vectors.norm(vector) - 1) < 1e-4)
            #expect(body["prompt_eval_count"]?.intValue == Int64(reference.tokens))
            #expect((body["total_duration"]?.intValue ?? 0) >= (body["load_duration"]?.intValue ?? 0))
        }

        @Test func batchMatchesReferenceInOrder() throws {
            let live = try EmbeddingTestServer.get()
            let reference = EmbeddingTestServer.reference
            try #require(reference.count >= 10)
            let input = JSONValue.array(reference.map { .string($0.text) }).serialized(escapeHTML: false)
            let (status, body) = try live.post("/api/embed", #"{"model": "minilm", "input": \#(input)}"#)
            #expect(status == 200)
            let vectors = Vectors.matrix(body["embeddings"])
            #expect(vectors.count == reference.count)
            for (vector, item) in zip(vectors, reference) {
                let cosine = Vectors.cosine(vector, item.embedding)
                #expect(cosine >= 0.999, "\(item.text): \(cosine)")
            }
            #expect(body["prompt_eval_count"]?.intValue == Int64(reference.reduce(0) { $0 + $1.tokens }))
        }

        @Test func truncation() throws {
            let live = try EmbeddingTestServer.get()
            let long = String(repeating: "embedding ", count: 700)
            let refused = try live.post("/api/embed", #"{"model": "minilm", "input": "\#(long)", "truncate": false}"#)
            #expect(refused.status == 400)
            #expect(refused.body["error"] == "the input length exceeds the context length")
            let cut = try live.post("/api/embed", #"{"model": "minilm", "input": ["short", "\#(long)"]}"#)
            #expect(cut.status == 200)
            #expect(Vectors.matrix(cut.body["embeddings"]).count == 2)
            // "short" is [CLS] short [SEP]; the long text is cut to the 512-token context.
            #expect(cut.body["prompt_eval_count"]?.intValue == Int64(515))
        }

        @Test func dimensionsSliceAndRenormalise() throws {
            let live = try EmbeddingTestServer.get()
            let full = Vectors.matrix(try live.post("/api/embed", #"{"model": "minilm", "input": "Hello world"}"#).body["embeddings"])
            let cut = Vectors.matrix(try live.post("/api/embed", #"{"model": "minilm", "input": "Hello world", "dimensions": 64}"#).body["embeddings"])
            let vector = try #require(cut.first)
            let whole = try #require(full.first)
            #expect(vector.count == 64)
            #expect(abs(Vectors.norm(vector) - 1) < 1e-4)
            #expect(Vectors.cosine(vector, Array(whole[..<64])) > 0.99999)
        }

        @Test func legacyEmbeddingsAreNotNormalised() throws {
            let live = try EmbeddingTestServer.get()
            let reference = try #require(EmbeddingTestServer.reference.first)
            let (status, body) = try live.post("/api/embeddings", #"{"model": "minilm", "prompt": "\#(reference.text)"}"#)
            #expect(status == 200)
            #expect(body.objectValue?.keys == ["embedding"])
            let vector = (body["embedding"]?.arrayValue ?? []).map { Float($0.doubleValue ?? .nan) }
            #expect(vector.count == 384)
            #expect(abs(Vectors.norm(vector) - 1) > 0.01, "norm \(Vectors.norm(vector))")
            #expect(Vectors.cosine(vector, reference.embedding) >= 0.999)
            let empty = try live.post("/api/embeddings", #"{"model": "minilm", "prompt": ""}"#)
            #expect(empty.status == 200)
            #expect(empty.body == ["embedding": .array([])])
        }

        @Test func emptyInputLoadsAndKeepAliveZeroUnloads() throws {
            let live = try EmbeddingTestServer.get()
            let (status, body) = try live.post("/api/embed", #"{"model": "minilm", "input": [], "keep_alive": "10m"}"#)
            #expect(status == 200)
            #expect(body == ["model": "minilm", "embeddings": .array([])])
            let loaded = try live.client.ps().models.first { $0.name == "minilm:latest" }
            #expect(loaded != nil)
            #expect(loaded?.details.family == "bert")
            let expires = try #require(loaded?.expiresAt)
            #expect(expires.timeIntervalSinceNow > 500)
            // keep_alive 0 on an embed request unloads the model once the request ends (the
            // lease is released just after the answer is written).
            _ = try live.post("/api/embed", #"{"model": "minilm", "input": "bye", "keep_alive": 0}"#)
            let deadline = Date().addingTimeInterval(10)
            while try live.client.ps().models.contains(where: { $0.name == "minilm:latest" }), Date() < deadline {
                usleep(20_000)
            }
            #expect(try live.client.ps().models.allSatisfy { $0.name != "minilm:latest" })
        }

        @Test func badRequests() throws {
            let live = try EmbeddingTestServer.get()
            let missing = try live.post("/api/embed", #"{"model": "ghost", "input": "x"}"#)
            #expect(missing.status == 404)
            #expect(missing.body["error"] == #"model "ghost" not found, try pulling it first"#)
            let legacyMissing = try live.post("/api/embeddings", #"{"model": "ghost", "prompt": "x"}"#)
            #expect(legacyMissing.status == 404)
            #expect(legacyMissing.body["error"] == #"model "ghost" not found, try pulling it first"#)
            for input in ["[1, 2]", "42", #"["a", {"b": 1}]"#] {
                let bad = try live.post("/api/embed", #"{"model": "minilm", "input": \#(input)}"#)
                #expect(bad.status == 400)
                #expect(bad.body["error"] == "invalid input type")
            }
        }

        @Test func generateAndChatOnEmbeddingModelAre400() throws {
            let live = try EmbeddingTestServer.get()
            let generate = try live.post("/api/generate", #"{"model": "minilm", "prompt": "hi", "stream": false}"#)
            #expect(generate.status == 400)
            #expect(generate.body["error"] == #""minilm" does not support generate"#)
            let load = try live.post("/api/generate", #"{"model": "minilm"}"#)
            #expect(load.status == 400)
            let chat = try live.post("/api/chat", #"{"model": "minilm", "messages": [{"role": "user", "content": "hi"}]}"#)
            #expect(chat.status == 400)
            #expect(chat.body["error"] == #""minilm" does not support chat"#)
            let openai = try live.post("/v1/chat/completions", #"{"model": "minilm", "messages": [{"role": "user", "content": "hi"}]}"#)
            #expect(openai.status == 400)
            #expect(openai.body["error"]?["message"] == #""minilm" does not support chat"#)
        }
    }
}
