import Engine
import Foundation
import Testing
import TestSupport

/// Embeddings of all-MiniLM-L6-v2 converted from its safetensors folder, against the reference.
@Suite(.serialized) struct BertEmbeddingTests {
    static let embedder: Result<Embedder, any Error> = Result {
        try Embedder(file: ConvertedMiniLM.file(), pool: ConvertedMiniLM.pool, contextLength: BertFixture.maxLength)
    }

    @Test func convertedModelHasLlamaCppKeysAndTensors() throws {
        let file = try ConvertedMiniLM.file()
        let m = file.metadata
        #expect(m.string("general.architecture") == "bert")
        #expect(m.int("bert.block_count") == 6 && m.int("bert.embedding_length") == 384)
        #expect(m.int("bert.feed_forward_length") == 1536 && m.int("bert.attention.head_count") == 12)
        #expect(m.int("bert.context_length") == 512 && m.bool("bert.attention.causal") == false)
        #expect(m.int("bert.pooling_type") == 1)
        #expect(m.float("bert.attention.layer_norm_epsilon") == 1e-12)
        #expect(m.int("tokenizer.ggml.token_type_count") == 2)
        #expect(m.int("general.file_type") == 1)
        #expect(file.tensor(named: "token_embd.weight")?.shape == [384, 30522])
        #expect(file.tensor(named: "token_embd.weight")?.type == .f16)
        #expect(file.tensor(named: "position_embd.weight")?.type == .f32)
        #expect(file.tensor(named: "token_types.weight")?.shape == [384, 2])
        #expect(file.tensor(named: "blk.5.layer_output_norm.bias")?.type == .f32)
        #expect(file.tensor(named: "blk.0.ffn_down.weight")?.shape == [1536, 384])
        #expect(file.tensors.count == 5 + 6 * 16)
    }

    @Test func everyEmbeddingMatchesTheReference() throws {
        let fixture = try BertFixture.shared.get()
        let embedder = try Self.embedder.get()
        let (vectors, counts) = try embedder.embed(fixture.items.map(\.text))
        var worst = 1.0
        for (item, (v, n)) in zip(fixture.items, zip(vectors, counts)) {
            #expect(n == item.token_ids.count)
            let c = cosine(v, item.embedding)
            worst = min(worst, c)
            #expect(c >= 0.999, "\(item.text.debugDescription): cosine \(c)")
        }
        print("MiniLM F16 converted: worst cosine to reference \(worst)")
    }

    /// One input at a time gives the vectors of the batched call.
    @Test func batchingDoesNotChangeResults() throws {
        let fixture = try BertFixture.shared.get()
        let embedder = try Self.embedder.get()
        let texts = fixture.items.prefix(6).map(\.text)
        let batched = try embedder.embed(texts).vectors
        for (text, b) in zip(texts, batched) {
            let single = try embedder.embed([text]).vectors[0]
            #expect(cosine(single, b) > 0.999_999)
        }
    }

    @Test func truncationAndTooLongInputs() throws {
        let embedder = try Self.embedder.get()
        let long = String(repeating: "word ", count: 400)
        #expect(throws: EmbedError.inputTooLong) { try embedder.embed([long], truncate: false) }
        let (vectors, counts) = try embedder.embed([long], truncate: true)
        #expect(counts == [BertFixture.maxLength] && vectors[0].count == 384)
        let ids = try embedder.tokenize(long, truncate: true)
        #expect(ids.first == 101 && ids.last == 102 && ids.count == BertFixture.maxLength)
    }

    /// The similarities published for this model (and reproduced by the reference).
    @Test func publishedSimilarities() throws {
        let embedder = try Self.embedder.get()
        let v = try embedder.embed(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]).vectors
        #expect(abs(cosine(v[0], v[1]) - 0.6660) < 0.005)
        #expect(abs(cosine(v[0], v[2]) - 0.1046) < 0.005)
        #expect(abs(cosine(v[1], v[2]) - 0.1411) < 0.005)
    }

    @Test func unnormalisedVectorsKeepTheirLength() throws {
        let embedder = try Self.embedder.get()
        let raw = try embedder.embed(["Hello world"], normalize: false).vectors[0]
        let unit = try embedder.embed(["Hello world"]).vectors[0]
        let norm = raw.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
        #expect(abs(norm - 1) > 0.01)
        #expect(cosine(raw, unit) > 0.999_999)
    }
}
