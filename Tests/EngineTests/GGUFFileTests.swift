import Engine
import Foundation
import Testing
import TestSupport

/// Opening the two real models and reading what the forward pass and `ollama show` need.
@Suite struct GGUFFileTests {
    @Test func smolLM2HeaderAndTensors() throws {
        let file = try GGUFFile.open(path: try TestPaths.require(TestPaths.smolLM2).path)
        #expect(file.version == 3)
        #expect(file.fileSize == 98_362_432)
        #expect(file.metadata.string("general.architecture") == "llama")
        #expect(file.metadata.int("llama.block_count") == 30)
        #expect(file.metadata.int("llama.attention.head_count") == 9)
        #expect(file.metadata.float("llama.rope.freq_base") == 100_000)
        #expect(file.metadata.string("tokenizer.ggml.pre") == "smollm")
        #expect(file.metadata.stringArray("tokenizer.ggml.tokens")?.count == 49_152)
        #expect(file.metadata.intArray("tokenizer.ggml.token_type")?.count == 49_152)
        // Type confusion is a nil, not a misread.
        #expect(file.metadata.int("general.architecture") == nil)
        #expect(file.metadata.string("llama.block_count") == nil)
        // 30 layers × 9 tensors + token_embd + output_norm (embeddings tied).
        #expect(file.tensors.count == 272)
        let embd = try #require(file.tensor(named: "token_embd.weight"))
        #expect(embd.shape == [576, 49_152])
        #expect(embd.type == .q8_0)
        #expect(embd.byteCount == 49_152 * 18 * 34)
        #expect(file.tensor(named: "blk.29.ffn_down.weight")?.shape == [1536, 576])
        #expect(file.tensor(named: "blk.30.ffn_down.weight") == nil)
        try checkLayout(file)
    }

    @Test func gemma3HeaderAndTensors() throws {
        let file = try GGUFFile.open(path: try TestPaths.require(TestPaths.gemma3).path)
        #expect(file.version == 3)
        #expect(file.metadata.string("general.architecture") == "gemma3")
        #expect(file.metadata.int("gemma3.block_count") == 18)
        #expect(file.metadata.int("gemma3.attention.sliding_window") == 512)
        #expect(file.metadata.stringArray("tokenizer.ggml.tokens")?.count == 262_144)
        #expect(file.metadata.floatArray("tokenizer.ggml.scores")?.count == 262_144)
        #expect(file.metadata.bool("tokenizer.ggml.add_bos_token") == true)
        #expect(file.tensors.count == 236)
        let embd = try #require(file.tensor(named: "token_embd.weight"))
        #expect(embd.shape == [640, 262_144])
        let types = Set(file.tensors.map(\.type))
        #expect(types == [.f32, .q4_K, .q5_0, .q6_K, .q8_0])
        try checkLayout(file)
    }

    /// Every tensor is aligned, inside the file, and does not overlap the next one; F32 norms hold finite values.
    private func checkLayout(_ file: GGUFFile) throws {
        let sorted = file.tensors.sorted { $0.offset < $1.offset }
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            #expect(a.offset + a.byteCount <= b.offset, "\(a.name) overlaps \(b.name)")
        }
        for t in file.tensors {
            #expect(t.offset >= file.dataOffset && (t.offset - file.dataOffset) % file.alignment == 0)
            #expect(t.offset + t.byteCount <= file.fileSize)
            #expect(t.elementCount == t.shape.reduce(1, *))
            if t.type == .f32 {
                let values = file.data(for: t).bindMemory(to: Float.self, capacity: t.elementCount)
                let all = UnsafeBufferPointer(start: values, count: t.elementCount)
                let finite = all.allSatisfy { $0.isFinite }
                #expect(finite, "\(t.name) has non-finite values")
            }
        }
    }

    @Test func modelInfoForShow() throws {
        let smol = try GGUFFile.open(path: try TestPaths.require(TestPaths.smolLM2).path)
        let info = GGUFModelInfo(smol)
        #expect(info.architecture == "llama")
        #expect(info.family == "llama")
        #expect(info.parameterCount == 134_515_008)
        #expect(info.parameterSize == "134.52M")
        #expect(info.quantizationLevel == "Q4_1")
        #expect(info.contextLength == 8192)
        #expect(info.embeddingLength == 576)

        let gemma = GGUFModelInfo(try GGUFFile.open(path: try TestPaths.require(TestPaths.gemma3).path))
        #expect(gemma.parameterSize == "268.10M")
        #expect(gemma.quantizationLevel == "Q4_K_M")
        #expect(gemma.contextLength == 32_768)
        #expect(gemma.embeddingLength == 640)

        #expect(smol.metadata.string("tokenizer.chat_template") != nil)
        let brief = GGUFModelInfo.modelInfo(smol, verbose: false)
        let keys = brief.map(\.key)
        #expect(!keys.contains("general.name") && !keys.contains("tokenizer.chat_template"))
        #expect(keys == smol.metadata.keys.filter { $0 != "general.name" && $0 != "tokenizer.chat_template" })
        let tokens = try #require(brief.first { $0.key == "tokenizer.ggml.tokens" })
        #expect(tokens.value == .array(.strings([])))
        let languages = try #require(brief.first { $0.key == "general.languages" })
        #expect(languages.value == .array(.strings(["en"])))
        let verbose = GGUFModelInfo.modelInfo(smol, verbose: true)
        guard case .array(let full)? = verbose.first(where: { $0.key == "tokenizer.ggml.tokens" })?.value else {
            Issue.record("tokens missing in verbose model_info")
            return
        }
        #expect(full.count == 49_152)
    }

    @Test(arguments: [
        (UInt64(0), "0"), (999, "999"), (1_000, "1K"), (1_499, "1K"), (22_700, "23K"),
        (1_000_000, "1M"), (134_515_008, "134.52M"), (999_885_952, "999.89M"),
        (1_000_000_000, "1B"), (8_030_261_248, "8.0B"), (70_553_706_496, "70.6B"),
    ])
    func humanNumberMatchesOllama(value: UInt64, expected: String) {
        #expect(GGUFModelInfo.humanNumber(value) == expected)
    }
}
