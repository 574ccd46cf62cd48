import Foundation
import Server
import Testing

extension LiveEmbeddingTests {
    /// `/v1/embeddings` and `/api/create` with `quantize` on the real all-MiniLM-L6-v2.
    @Suite struct EmbedImportTests {
        @Test func openAIFloatAndBase64() throws {
            let live = try EmbeddingTestServer.get()
            let reference = EmbeddingTestServer.reference.prefix(3)
            let input = JSONValue.array(reference.map { .string($0.text) }).serialized(escapeHTML: false)
            let float = try live.post("/v1/embeddings", #"{"model": "minilm", "input": \#(input)}"#)
            #expect(float.status == 200)
            #expect(float.body.objectValue?.keys == ["object", "data", "model", "usage"])
            #expect(float.body["object"] == "list")
            #expect(float.body["model"] == "minilm")
            let data = float.body["data"]?.arrayValue ?? []
            #expect(data.count == reference.count)
            let tokens = reference.reduce(0) { $0 + $1.tokens }
            #expect(float.body["usage"] == ["prompt_tokens": .int(Int64(tokens)), "total_tokens": .int(Int64(tokens))])
            var floats: [[Float]] = []
            for (index, (item, ref)) in zip(data, reference).enumerated() {
                #expect(item.objectValue?.keys == ["object", "embedding", "index"])
                #expect(item["object"] == "embedding")
                #expect(item["index"]?.intValue == Int64(index))
                let vector = (item["embedding"]?.arrayValue ?? []).map { Float($0.doubleValue ?? .nan) }
                #expect(Vectors.cosine(vector, ref.embedding) >= 0.999)
                floats.append(vector)
            }
            let base64 = try live.post("/v1/embeddings", #"{"model": "minilm", "input": \#(input), "encoding_format": "base64"}"#)
            #expect(base64.status == 200)
            for (item, expected) in zip(base64.body["data"]?.arrayValue ?? [], floats) {
                let text = try #require(item["embedding"]?.stringValue)
                let bytes = try #require(Data(base64Encoded: text))
                #expect(bytes.count == 384 * 4)
                let decoded = stride(from: 0, to: bytes.count, by: 4).map { i -> Float in
                    let bits = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
                    return Float(bitPattern: bits)
                }
                // The JSON floats are the shortest decimals of the same float32 values.
                #expect(decoded == expected)
            }
            let single = try live.post("/v1/embeddings", #"{"model": "minilm", "input": "Hello world", "dimensions": 32}"#)
            #expect(single.body["data"]?.arrayValue?.count == 1)
            #expect(single.body["data"]?.arrayValue?.first?["embedding"]?.arrayValue?.count == 32)
        }

        @Test func openAIErrors() throws {
            let live = try EmbeddingTestServer.get()
            let format = try live.post("/v1/embeddings", #"{"model": "minilm", "input": "x", "encoding_format": "int8"}"#)
            #expect(format.status == 400)
            #expect(format.body == ["error": ["message": "Invalid value for 'encoding_format' = int8. Supported values: ['float', 'base64'].",
                                              "type": "invalid_request_error", "param": nil, "code": nil]])
            let empty = try live.post("/v1/embeddings", #"{"model": "minilm", "input": []}"#)
            #expect(empty.status == 400)
            #expect(empty.body["error"]?["message"] == "invalid input")
            let missing = try live.post("/v1/embeddings", #"{"model": "ghost", "input": "x"}"#)
            #expect(missing.status == 404)
            #expect(missing.body["error"]?["type"] == "not_found_error")
        }

        @Test func quantizeQ8ThroughCreateStaysClose() throws {
            let live = try EmbeddingTestServer.get()
            var statuses: [ProgressResponse] = []
            try live.client.create(CreateRequest(model: "minilm-q8", from: "minilm", quantize: "q8_0")) { statuses.append($0) }
            let names = statuses.map(\.status)
            #expect(names.first == "parsing GGUF", "\(names)")
            #expect(names.contains("quantizing F16 model to Q8_0"))
            let progress = statuses.filter { $0.status == "quantizing F16 model to Q8_0" && $0.total > 0 }
            #expect(progress.last.map { $0.completed == $0.total } == true)
            #expect(names.suffix(2) == ["writing manifest", "success"])
            let show = try live.client.show(ShowRequest(model: "minilm-q8"))
            #expect(show.details.quantizationLevel == "Q8_0")
            #expect(show.capabilities == ["embedding"])
            #expect(show.tensors.contains { $0.type == "Q8_0" })

            let reference = EmbeddingTestServer.reference
            let input = JSONValue.array(reference.map { .string($0.text) }).serialized(escapeHTML: false)
            let (status, body) = try live.post("/api/embed", #"{"model": "minilm-q8", "input": \#(input), "keep_alive": 0}"#)
            #expect(status == 200)
            let vectors = Vectors.matrix(body["embeddings"])
            #expect(vectors.count == reference.count)
            for (vector, item) in zip(vectors, reference) {
                let cosine = Vectors.cosine(vector, item.embedding)
                #expect(cosine >= 0.99, "\(item.text): \(cosine)")
            }
        }
    }
}
