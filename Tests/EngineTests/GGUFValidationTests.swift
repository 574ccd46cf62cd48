import Engine
import Foundation
import Testing
import TestSupport

/// Corrupt and hostile GGUF files: each must be a `GGUFError`, never a crash.
@Suite struct GGUFValidationTests {
    private func parse(_ bytes: [UInt8]) throws {
        _ = try bytes.withUnsafeBytes { try GGUFFile.parseHeader(bytes: $0) }
    }

    private func header(version: UInt32 = 3, tensors: UInt64, kvs: UInt64) -> [UInt8] {
        var b: [UInt8] = Array("GGUF".utf8)
        withUnsafeBytes(of: version.littleEndian) { b += $0 }
        withUnsafeBytes(of: tensors.littleEndian) { b += $0 }
        withUnsafeBytes(of: kvs.littleEndian) { b += $0 }
        return b
    }

    private func minimal() -> GGUFWriter {
        var w = GGUFWriter()
        w.add("general.architecture", .string("test"))
        return w
    }

    @Test func tinyAndForeignFilesAreNotGGUF() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for (name, bytes) in [("empty", [UInt8]()), ("four", [0x47, 0x47, 0x55, 0x46]), ("ggml", Array("ggml____".utf8)),
                              ("text", Array("FROM llama3\n".utf8))] {
            let path = dir.url.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(throws: GGUFError.self) { try GGUFFile.open(path: path) }
        }
        let fourPath = dir.url.appendingPathComponent("text").path
        #expect(throws: GGUFError.notGGUF) { try GGUFFile.open(path: fourPath) }
        #expect(String(describing: GGUFError.notGGUF) == "supplied file was not in GGUF format")
        #expect(throws: GGUFError.truncated(what: "version")) { try parse(Array("GGUF".utf8)) }
        #expect(throws: GGUFError.self) { try GGUFFile.open(path: dir.url.appendingPathComponent("missing").path) }
        #expect(throws: GGUFError.self) { try GGUFFile.open(path: dir.path) }
    }

    @Test func versionsOtherThanTwoAndThreeAreRejected() throws {
        for v: UInt32 in [0, 1, 4, 0xFFFF_FFFF] {
            #expect(throws: GGUFError.unsupportedVersion(v)) { try parse(header(version: v, tensors: 0, kvs: 0)) }
        }
        var w = minimal()
        w.version = 2
        try parse(w.bytes())
    }

    @Test func hugeCountsAreRejectedBeforeAllocating() throws {
        #expect(throws: GGUFError.countTooLarge(what: "tensor count", count: UInt64.max)) {
            try parse(header(tensors: UInt64.max, kvs: 0))
        }
        #expect(throws: GGUFError.countTooLarge(what: "metadata count", count: 1 << 40)) {
            try parse(header(tensors: 0, kvs: 1 << 40))
        }
        // A string whose length exceeds the file.
        var b = header(tensors: 0, kvs: 1)
        withUnsafeBytes(of: UInt64(1 << 62).littleEndian) { b += $0 }
        b += [UInt8](repeating: 0, count: 16)
        #expect(throws: GGUFError.countTooLarge(what: "key of metadata pair 0", count: 1 << 62)) { try parse(b) }
        // An array whose element count exceeds the file.
        var w = minimal()
        w.add("big", .array(.uint64s([1, 2])))
        var bytes = w.bytes()
        let countAt = try #require(find(Array("big".utf8), in: bytes)) + 3 + 4 + 4
        bytes.replaceSubrange(countAt..<countAt + 8, with: withUnsafeBytes(of: UInt64(1 << 50).littleEndian) { Array($0) })
        #expect(throws: GGUFError.countTooLarge(what: "length of array 'big'", count: 1 << 50)) { try parse(bytes) }
    }

    @Test func badValueTypesAndDuplicateKeysAreRejected() throws {
        var w = minimal()
        w.add("x.a", .uint32(1))
        w.add("x.b", .uint32(2))
        var bytes = w.bytes()
        // Type tag 13 does not exist.
        var bad = bytes
        let typeAt = try #require(find(Array("x.a".utf8), in: bad)) + 3
        bad[typeAt] = 13
        #expect(throws: GGUFError.invalidValueType(key: "x.a", type: 13)) { try parse(bad) }
        // Nested arrays are refused.
        var nested = minimal()
        nested.add("n", .array(.uint8s([1])))
        var nb = nested.bytes()
        let elemAt = try #require(find(Array("n".utf8) + [9, 0, 0, 0], in: nb)) + 5
        nb[elemAt] = 9
        #expect(throws: GGUFError.invalidValueType(key: "n", type: 9)) { try parse(nb) }
        // Rename x.b to x.a: duplicate key.
        let bAt = try #require(find(Array("x.b".utf8), in: bytes))
        bytes[bAt + 2] = UInt8(ascii: "a")
        #expect(throws: GGUFError.duplicateKey("x.a")) { try parse(bytes) }
    }

    @Test(arguments: [GGUFValue.uint32(0), .uint32(3), .uint32(48), .int32(-32), .string("32"), .float32(32)])
    func alignmentMustBeAPowerOfTwo(value: GGUFValue) {
        var w = minimal()
        w.add("general.alignment", value)
        #expect(throws: GGUFError.self) { try parse(w.bytes()) }
    }

    @Test func badTensorInfosAreRejected() throws {
        let data = [UInt8](repeating: 0, count: 64)
        func check(_ expected: GGUFError, _ build: (inout GGUFWriter) -> Void) {
            var w = minimal()
            build(&w)
            #expect(throws: expected) { try parse(w.bytes()) }
        }
        check(.unknownTensorType(tensor: "t", type: 4)) { $0.addRawTensorInfo(name: "t", dims: [4], type: 4, data: data) }
        check(.unknownTensorType(tensor: "t", type: 99)) { $0.addRawTensorInfo(name: "t", dims: [4], type: 99, data: data) }
        check(.invalidShape(tensor: "t", reason: "has a zero dimension")) {
            $0.addRawTensorInfo(name: "t", dims: [4, 0], type: 0, data: data)
        }
        check(.invalidShape(tensor: "t", reason: "has 5 dimensions (1 to 4 allowed)")) {
            $0.addRawTensorInfo(name: "t", dims: [1, 1, 1, 1, 1], type: 0, data: data)
        }
        check(.invalidShape(tensor: "t", reason: "has 0 dimensions (1 to 4 allowed)")) {
            $0.addRawTensorInfo(name: "t", dims: [], type: 0, data: data)
        }
        check(.invalidShape(tensor: "t", reason: "has an element count that overflows")) {
            $0.addRawTensorInfo(name: "t", dims: [1 << 40, 1 << 40], type: 0, data: data)
        }
        check(.invalidShape(tensor: "t", reason: "has dimension \(UInt64.max), too large")) {
            $0.addRawTensorInfo(name: "t", dims: [UInt64.max], type: 0, data: data)
        }
        check(.invalidShape(tensor: "t", reason: "has row length 33, not a multiple of the Q4_0 block size 32")) {
            $0.addRawTensorInfo(name: "t", dims: [33], type: GGMLType.q4_0.rawValue, data: data)
        }
        check(.invalidShape(tensor: "t", reason: "is larger than the file")) {
            $0.addRawTensorInfo(name: "t", dims: [1 << 20, 1 << 20], type: 0, data: data)
        }
        check(.invalidOffset(tensor: "t", reason: "has data past the end of the file")) {
            $0.addRawTensorInfo(name: "t", dims: [16], type: 0, offset: 1 << 40)
        }
        check(.invalidOffset(tensor: "t", reason: "has data past the end of the file")) {
            $0.addRawTensorInfo(name: "t", dims: [16], type: 0, data: [UInt8](repeating: 0, count: 32))
        }
        check(.invalidOffset(tensor: "u", reason: "has offset 36, not a multiple of the alignment 32")) {
            $0.addRawTensorInfo(name: "t", dims: [16], type: 0, data: data)
            $0.addRawTensorInfo(name: "u", dims: [4], type: 0, offset: 36, data: [UInt8](repeating: 0, count: 16))
        }
        check(.duplicateTensor("t")) {
            $0.addRawTensorInfo(name: "t", dims: [4], type: 0, data: [UInt8](repeating: 0, count: 16))
            $0.addRawTensorInfo(name: "t", dims: [4], type: 0, data: [UInt8](repeating: 0, count: 16))
        }
    }

    /// Every prefix of the SmolLM2 header (sampled) and the header with its data cut off are refused cleanly.
    @Test func truncatedRealHeaderIsRejected() throws {
        let url = try TestPaths.require(TestPaths.smolLM2)
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let file = try GGUFFile.open(path: url.path)
        let header = [UInt8](try handle.read(upToCount: file.dataOffset) ?? Data())
        #expect(header.count == file.dataOffset)
        var cuts = Array(0..<64)
        cuts += stride(from: 64, to: header.count, by: 4099)
        cuts += [header.count - 1]
        for cut in cuts {
            #expect(throws: GGUFError.self, "cut at \(cut)") { try parse(Array(header[0..<cut])) }
        }
        // The full header without the tensor data: the first tensor alone is larger than what is left.
        #expect(throws: GGUFError.invalidShape(tensor: "token_embd.weight", reason: "is larger than the file")) {
            try parse(header)
        }
    }

    /// Random byte flips in a small synthetic file never crash the parser.
    @Test func randomCorruptionNeverCrashes() throws {
        var w = minimal()
        w.add("k.tokens", .array(.strings(["a", "bb", "ccc"])))
        w.add("k.n", .uint32(3))
        w.addTensor(name: "w", shape: [32, 2], type: .q8_0, data: [UInt8](repeating: 1, count: 68))
        w.addTensor(name: "n", shape: [4], floats: [1, 2, 3, 4])
        let good = w.bytes()
        try parse(good)
        var rng = CorruptionRNG(seed: 42)
        var rejected = 0
        for _ in 0..<2000 {
            var b = good
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let at = Int(rng.next() % UInt64(b.count))
                b[at] = UInt8(truncatingIfNeeded: rng.next())
            }
            if rng.next() % 4 == 0 { b.removeLast(Int(rng.next() % UInt64(b.count))) }
            do { try parse(b) } catch is GGUFError { rejected += 1 }
        }
        #expect(rejected > 0)
    }
}

/// First index of `needle` in `haystack`.
func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    for i in 0...(haystack.count - needle.count) where Array(haystack[i..<i + needle.count]) == needle { return i }
    return nil
}

/// A tiny deterministic generator for the corruption test.
struct CorruptionRNG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
