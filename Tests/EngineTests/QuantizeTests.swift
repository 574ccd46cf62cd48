import Engine
import Foundation
import Testing
import TestSupport

/// `create --quantize` on the converted all-MiniLM-L6-v2.
@Suite(.serialized) struct QuantizeTests {
    static func quantized(_ type: QuantizationType) throws -> GGUFFile {
        let source = try ConvertedMiniLM.file()
        let dir = try TemporaryDirectory(prefix: "quant")
        let path = dir.url.appendingPathComponent("m.gguf").path
        var last = (0, 0)
        try Quantizer.quantize(source, to: type, pool: ConvertedMiniLM.pool) { last = ($0, $1) }.write(to: path)
        #expect(last.0 == last.1 && last.1 > 0)
        return try GGUFFile.open(path: path)
    }

    @Test func q8_0StaysCloseToTheReference() throws {
        let fixture = try BertFixture.shared.get()
        let file = try Self.quantized(.q8_0)
        #expect(file.metadata.int("general.file_type") == 7)
        #expect(file.tensor(named: "blk.0.attn_q.weight")?.type == .q8_0)
        #expect(file.tensor(named: "token_embd.weight")?.type == .q8_0)
        #expect(file.tensor(named: "blk.0.attn_q.bias")?.type == .f32)
        #expect(file.tensor(named: "position_embd.weight")?.type == .f32)
        #expect(GGUFModelInfo(file).quantizationLevel == "Q8_0")
        let embedder = try Embedder(file: file, pool: ConvertedMiniLM.pool, contextLength: BertFixture.maxLength)
        let vectors = try embedder.embed(fixture.items.map(\.text)).vectors
        let worst = zip(vectors, fixture.items).map { cosine($0, $1.embedding) }.min() ?? 0
        print("MiniLM Q8_0: worst cosine to reference \(worst)")
        #expect(worst >= 0.99)
    }

    /// Q4_K_M: attn_v and ffn_down of the first, last and every third layer in Q6_K, the rest Q4_K;
    /// rows of 384 are not whole 256-blocks, so Q4_K falls back to Q5_0 and Q6_K to Q8_0.
    @Test func q4KMFollowsLlamaCppsRecipe() throws {
        let file = try Self.quantized(.q4_K_M)
        #expect(file.metadata.int("general.file_type") == 15)
        let moreBits = [false, false, true, false, false, true]  // use_more_bits(i, 6)
        for i in 0..<6 {
            #expect(file.tensor(named: "blk.\(i).attn_q.weight")?.type == .q5_0)
            #expect(file.tensor(named: "blk.\(i).attn_v.weight")?.type == (moreBits[i] ? .q8_0 : .q5_0))
            #expect(file.tensor(named: "blk.\(i).ffn_down.weight")?.type == (moreBits[i] ? .q6_K : .q4_K))
            #expect(file.tensor(named: "blk.\(i).ffn_up.weight")?.type == .q5_0)
            #expect(file.tensor(named: "blk.\(i).attn_output_norm.weight")?.type == .f32)
        }
        #expect(file.tensor(named: "token_embd.weight")?.type == .q8_0)
        let fixture = try BertFixture.shared.get()
        let embedder = try Embedder(file: file, pool: ConvertedMiniLM.pool, contextLength: BertFixture.maxLength)
        let vectors = try embedder.embed(fixture.items.prefix(8).map(\.text)).vectors
        let worst = zip(vectors, fixture.items).map { cosine($0, $1.embedding) }.min() ?? 0
        print("MiniLM Q4_K_M: worst cosine to reference \(worst)")
        #expect(worst >= 0.95)
    }

    @Test func namesAndErrors() throws {
        #expect(try QuantizationType(name: "q4_k_m") == .q4_K_M)
        #expect(try QuantizationType(name: "q4_K") == .q4_K_M)
        #expect(try QuantizationType(name: "Q8_0") == .q8_0)
        #expect(throws: QuantizeError.unsupportedType("q3_K_L")) { try QuantizationType(name: "q3_K_L") }
        #expect(QuantizeError.unsupportedType("q3_K_L").description
            == "unsupported quantization type q3_K_L - supported types are F32, F16, Q4_K_S, Q4_K_M, Q8_0")
        let quantized = try GGUFFile.open(path: TestPaths.require(TestPaths.smolLM2).path)
        #expect(throws: QuantizeError.unsupportedSource) { try Quantizer.quantize(quantized, to: .q8_0) }
        #expect(QuantizeError.unsupportedSource.description == "quantization is only supported for F16, BF16 and F32 models")
    }
}
