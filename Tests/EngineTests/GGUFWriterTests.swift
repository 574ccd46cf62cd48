import Engine
import Foundation
import Testing
import TestSupport

/// GGUFWriter → GGUFFile round trips.
@Suite struct GGUFWriterTests {
    static let everyValue: [(String, GGUFValue)] = [
        ("t.u8", .uint8(250)), ("t.i8", .int8(-7)), ("t.u16", .uint16(65_000)), ("t.i16", .int16(-30_000)),
        ("t.u32", .uint32(4_000_000_000)), ("t.i32", .int32(-2_000_000_000)), ("t.f32", .float32(3.25)),
        ("t.bool", .bool(true)), ("t.string", .string("héllo 🦙\n")), ("t.u64", .uint64(UInt64.max)),
        ("t.i64", .int64(Int64.min)), ("t.f64", .float64(-1e300)),
        ("a.u8", .array(.uint8s([0, 1, 255]))), ("a.i8", .array(.int8s([-128, 127]))),
        ("a.u16", .array(.uint16s([1, 65_535]))), ("a.i16", .array(.int16s([-1, 2]))),
        ("a.u32", .array(.uint32s([7]))), ("a.i32", .array(.int32s([-5, 6, 7]))),
        ("a.f32", .array(.float32s([0.5, -0, .infinity]))), ("a.bool", .array(.bools([true, false, true]))),
        ("a.string", .array(.strings(["", "a", "日本語"]))), ("a.u64", .array(.uint64s([UInt64.max]))),
        ("a.i64", .array(.int64s([Int64.min, 0]))), ("a.f64", .array(.float64s([1.5]))),
        ("a.empty", .array(.int32s([]))),
    ]

    @Test func everyValueTypeRoundTrips() throws {
        var writer = GGUFWriter()
        for (key, value) in Self.everyValue { writer.add(key, value) }
        let parsed = try writer.bytes().withUnsafeBytes { try GGUFFile.parseHeader(bytes: $0) }
        #expect(parsed.version == 3)
        #expect(parsed.metadata.keys == Self.everyValue.map(\.0))
        for (key, value) in Self.everyValue {
            #expect(parsed.metadata[key] == value, "\(key)")
        }
        let m = parsed.metadata
        #expect(m.int("t.u8") == 250 && m.int("t.i64") == Int(Int64.min))
        #expect(m.int("t.u64") == nil, "UInt64.max does not fit in Int")
        #expect(m.float("t.f32") == 3.25 && m.float("t.i16") == -30_000)
        #expect(m.bool("t.bool") == true && m.bool("t.u8") == nil)
        #expect(m.intArray("a.i16") == [-1, 2] && m.intArray("a.u8") == [0, 1, 255])
        #expect(m.floatArray("a.f64") == [1.5] && m.floatArray("a.i32") == [-5, 6, 7])
        #expect(m.stringArray("a.string") == ["", "a", "日本語"] && m.stringArray("a.i32") == nil)
    }

    @Test func tensorsRoundTripWithAlignment() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for alignment in [32, 64, 1] {
            var writer = GGUFWriter()
            if alignment != 32 { writer.add("general.alignment", .uint32(UInt32(alignment))) }
            writer.add("general.architecture", .string("test"))
            let a: [Float] = (0..<15).map { Float($0) * 0.5 }
            writer.addTensor(name: "a", shape: [5, 3], floats: a)
            let q = (0..<(2 * 18)).map { UInt8($0 & 0xFF) }
            writer.addTensor(name: "q", shape: [32, 2], type: .q4_0, data: q)
            writer.addTensor(name: "b", shape: [1], floats: [42])
            let path = dir.url.appendingPathComponent("t\(alignment).gguf").path
            try writer.write(to: path)

            let file = try GGUFFile.open(path: path)
            #expect(file.alignment == alignment)
            #expect(file.tensors.map(\.name) == ["a", "q", "b"])
            let ta = try #require(file.tensor(named: "a"))
            #expect(ta.shape == [5, 3] && ta.type == .f32 && ta.byteCount == 60 && ta.elementCount == 15)
            let read = Array(UnsafeBufferPointer(start: file.data(for: ta).assumingMemoryBound(to: Float.self), count: 15))
            #expect(read == a)
            let tq = try #require(file.tensor(named: "q"))
            #expect(Array(file.bytes(for: tq)) == q)
            #expect(file.bytes(for: try #require(file.tensor(named: "b"))).load(as: Float.self) == 42)
            for t in file.tensors { #expect(t.offset % alignment == 0) }
        }
    }

    /// Without `general.file_type`, the quantization level is the most common type of the 2-D tensors.
    @Test func quantizationLevelFallsBackToTensorTypes() throws {
        var writer = GGUFWriter()
        writer.add("general.architecture", .string("tiny"))
        writer.add("tiny.context_length", .uint32(128))
        let q8 = [UInt8](repeating: 0, count: 34 * 2)
        writer.addTensor(name: "a", shape: [32, 2], type: .q8_0, data: q8)
        writer.addTensor(name: "b", shape: [32, 2], type: .q8_0, data: q8)
        writer.addTensor(name: "c", shape: [32, 2], type: .q4_0, data: [UInt8](repeating: 0, count: 18 * 2))
        writer.addTensor(name: "n1", shape: [4], floats: [1, 1, 1, 1])
        writer.addTensor(name: "n2", shape: [4], floats: [1, 1, 1, 1])
        writer.addTensor(name: "n3", shape: [4], floats: [1, 1, 1, 1])
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.url.appendingPathComponent("tiny.gguf").path
        try writer.write(to: path)
        let info = GGUFModelInfo(try GGUFFile.open(path: path))
        #expect(info.quantizationLevel == "Q8_0")
        #expect(info.parameterCount == 3 * 64 + 3 * 4)
        #expect(info.parameterSize == "204")
        #expect(info.contextLength == 128 && info.embeddingLength == nil)
        writer.add("general.file_type", .uint32(15))
        try writer.write(to: path)
        #expect(GGUFModelInfo(try GGUFFile.open(path: path)).quantizationLevel == "Q4_K_M")
    }
}
