import Engine
import Foundation
import Testing
import TestSupport

/// The safetensors reader: values of each float dtype, and refusal of corrupt files.
@Suite struct SafetensorsTests {
    static func open(_ bytes: [UInt8]) throws -> SafetensorsFile {
        let dir = try TemporaryDirectory(prefix: "st")
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("m.safetensors")
        try Data(bytes).write(to: url)
        return try SafetensorsFile.open(path: url.path)
    }

    @Test func readsF32F16AndBF16() throws {
        let values: [Float] = [1.5, -2, 0.25, 3e-3, 65504, -0.0]
        var b = SafetensorsBuilder()
        b.add("a.f32", shape: [2, 3], floats: values)
        b.add("a.f16", dtype: "F16", shape: [6], data: values.flatMap { v in withUnsafeBytes(of: Float16(v)) { Array($0) } })
        b.add("a.bf16", dtype: "BF16", shape: [3, 2],
              data: values.flatMap { v in withUnsafeBytes(of: UInt16(v.bitPattern >> 16)) { Array($0) } })
        b.add("ids", dtype: "I64", shape: [1, 2], data: [UInt8](repeating: 0, count: 16))
        let file = try Self.open(b.bytes())
        #expect(file.tensors.map(\.name) == ["a.f32", "a.f16", "a.bf16", "ids"])
        #expect(file.metadata["format"] == "pt")
        let f32 = try #require(file.tensor(named: "a.f32"))
        #expect(f32.shape == [2, 3])
        #expect(try file.floats(f32) == values)
        #expect(try file.floats(#require(file.tensor(named: "a.f16"))) == values.map { Float(Float16($0)) })
        #expect(try file.floats(#require(file.tensor(named: "a.bf16"))) == values.map { Float(bitPattern: $0.bitPattern & 0xFFFF_0000) })
        #expect(throws: SafetensorsError.unsupportedDType(tensor: "ids", dtype: "I64")) {
            try file.floats(#require(file.tensor(named: "ids")))
        }
    }

    @Test func badHeaderLengthsAreRefused() throws {
        var b = SafetensorsBuilder()
        b.add("w", shape: [4], floats: [1, 2, 3, 4])
        let good = b.bytes()
        for length: UInt64 in [0, 1, UInt64(good.count), UInt64.max, SafetensorsFile.maxHeaderBytes + 1] {
            let bytes = b.bytes(headerLengthOverride: length)
            #expect(throws: SafetensorsError.self, "header length \(length)") { try Self.open(bytes) }
        }
        #expect(throws: SafetensorsError.self) { try Self.open([1, 2, 3]) }
        var notJSON = good
        notJSON[8] = UInt8(ascii: "x")
        #expect(throws: SafetensorsError.self) { try Self.open(notJSON) }
    }

    @Test func offsetsOutsideTheFileAreRefused() throws {
        var b = SafetensorsBuilder()
        b.add("w", shape: [4], floats: [1, 2, 3, 4])
        b.add("x", shape: [2], floats: [5, 6])
        for (begin, end) in [(16, 1 << 40), (8, 32), (16, 8), (4, 8)] {
            let bytes = b.bytes(offsetsOverride: ["x": (begin, end)])
            #expect(throws: SafetensorsError.self, "offsets [\(begin), \(end)]") { try Self.open(bytes) }
        }
        // Shape larger than its bytes, and an unknown dtype.
        var c = SafetensorsBuilder()
        c.add("w", dtype: "F32", shape: [1_000_000, 1_000_000], data: [UInt8](repeating: 0, count: 16))
        #expect(throws: SafetensorsError.self) { try Self.open(c.bytes()) }
        var d = SafetensorsBuilder()
        d.add("w", dtype: "F8_E4M3", shape: [4], data: [0, 0, 0, 0])
        #expect(throws: SafetensorsError.unsupportedDType(tensor: "w", dtype: "F8_E4M3")) { try Self.open(d.bytes()) }
    }

    @Test func realMiniLMFileOpens() throws {
        let file = try SafetensorsFile.open(path: TestPaths.require(TestPaths.miniLM).appendingPathComponent("model.safetensors").path)
        let emb = try #require(file.tensor(named: "embeddings.word_embeddings.weight"))
        #expect(emb.shape == [30522, 384] && emb.dtype == .f32)
        #expect(file.tensors.count == 104)  // + position_ids and the pooler, which the converter drops
    }
}
