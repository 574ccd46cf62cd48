import Engine
import Foundation
import Testing
import TestSupport

/// K-quant kernels on the real Q4_K and Q6_K tensors of Gemma 3 270M (Q4_K_M).
@Suite struct KQuantRealDataTests {
    @Test(arguments: [GGMLType.q4_K, .q6_K])
    func dequantizeRealTensor(_ type: GGMLType) throws {
        let url = try TestPaths.require(TestPaths.gemma3)
        let data = try Data(contentsOf: url, options: .alwaysMapped)
        let tensors = try TensorDirectory(data)
        let tensor = try #require(tensors.tensors.first { $0.type == type }, "no \(type.name) tensor in the model")
        // At most 64 rows of the tensor: enough to cover many blocks, cheap enough for a unit test.
        let columns = tensor.dims[0]
        let rows = min(64, tensor.elementCount / columns)
        let count = rows * columns
        let bytes = try #require(type.rowBytes(count))
        let start = tensors.dataOffset + tensor.offset
        try #require(start + bytes <= data.count)

        data.withUnsafeBytes { file in
            let src = file.baseAddress! + start
            var simd = [Float](repeating: .nan, count: count)
            var reference = [Float](repeating: .nan, count: count)
            let kernel: any QuantKernel.Type = type == .q4_K ? Q4_KKernel.self : Q6_KKernel.self
            simd.withUnsafeMutableBufferPointer { kernel.dequantize(src, $0.baseAddress!, count) }
            reference.withUnsafeMutableBufferPointer { kernel.dequantizeReference(src, $0.baseAddress!, count) }
            #expect(simd.map(\.bitPattern) == reference.map(\.bitPattern), "\(tensor.name): SIMD and reference differ")

            // Trained weights: finite, not all zero, small (|w| well below 100, RMS in 1e-3…10).
            #expect(reference.allSatisfy { $0.isFinite }, "\(tensor.name): non-finite weights")
            let rms = (reference.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(count)).squareRoot()
            let maxAbs = reference.reduce(0) { max($0, abs($1)) }
            #expect(rms > 1e-3 && rms < 10, "\(tensor.name): RMS \(rms)")
            #expect(maxAbs < 100, "\(tensor.name): max |w| \(maxAbs)")

            // Each row's dot product with quantized activations equals Σ dequantized w · dequantized a.
            let x = KQuantFixture.synthetic(offset: 0.5, count: columns)
            let a = KQuantFixture.activations(Q4_KKernel.self, x)
            let aq = dequantizeQ8K(a, count: columns)
            a.withUnsafeBytes { ab in
                for r in 0..<rows {
                    let row = src + r * (type.rowBytes(columns) ?? 0)
                    let got = kernel.dot(row, ab.baseAddress!, columns)
                    let ref = kernel.dotReference(row, ab.baseAddress!, columns)
                    var exact = 0.0, magnitude = 0.0
                    for i in 0..<columns {
                        let p = Double(reference[r * columns + i]) * Double(aq[i])
                        exact += p
                        magnitude += abs(p)
                    }
                    #expect(abs(Double(got) - exact) <= 1e-5 * magnitude, "\(tensor.name) row \(r): \(got) vs \(exact)")
                    #expect(abs(Double(ref) - exact) <= 1e-5 * magnitude, "\(tensor.name) row \(r): reference \(ref) vs \(exact)")
                }
            }
        }
    }
}

/// The values Q8_K blocks stand for (d·q), to check dot products exactly.
private func dequantizeQ8K(_ blocks: [UInt8], count: Int) -> [Float] {
    var out = [Float](repeating: 0, count: count)
    blocks.withUnsafeBytes { b in
        for i in 0..<count {
            let block = b.baseAddress! + (i / 256) * 292
            let d = block.loadUnaligned(as: Float.self)
            out[i] = d * Float(block.load(fromByteOffset: 4 + i % 256, as: Int8.self))
        }
    }
    return out
}

/// A throwaway walk over a GGUF header (v2/v3): just the tensor infos and where data starts.
/// The real reader lives in the engine; this one only serves these kernel tests.
private struct TensorDirectory {
    struct Tensor {
        var name: String
        var dims: [Int]
        var type: GGMLType?
        var offset: Int
        var elementCount: Int { dims.reduce(1, *) }
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    var tensors: [Tensor] = []
    var dataOffset = 0

    init(_ data: Data) throws {
        var cursor = 0
        func read<T: FixedWidthInteger>(_: T.Type) throws -> T {
            guard cursor + MemoryLayout<T>.size <= data.count else { throw Malformed(description: "truncated at \(cursor)") }
            let value = data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: cursor, as: T.self) }
            cursor += MemoryLayout<T>.size
            return T(littleEndian: value)
        }
        func string() throws -> String {
            let length = Int(try read(UInt64.self))
            guard length >= 0, cursor + length <= data.count else { throw Malformed(description: "bad string at \(cursor)") }
            defer { cursor += length }
            return String(decoding: data[cursor..<(cursor + length)], as: UTF8.self)
        }
        var alignment = 32
        func skip(valueType: UInt32, key: String) throws {
            switch valueType {
            case 0, 1, 7: cursor += 1
            case 2, 3: cursor += 2
            case 4, 5, 6:
                let v = try read(UInt32.self)
                if key == "general.alignment" { alignment = Int(v) }
            case 10, 11, 12: cursor += 8
            case 8: _ = try string()
            case 9:
                let itemType = try read(UInt32.self)
                let n = try read(UInt64.self)
                for _ in 0..<n { try skip(valueType: itemType, key: "") }
            default: throw Malformed(description: "value type \(valueType)")
            }
        }
        guard try read(UInt32.self) == 0x4655_4747 else { throw Malformed(description: "not a GGUF file") }
        _ = try read(UInt32.self)
        let tensorCount = try read(UInt64.self)
        let kvCount = try read(UInt64.self)
        for _ in 0..<kvCount {
            let key = try string()
            try skip(valueType: try read(UInt32.self), key: key)
        }
        for _ in 0..<tensorCount {
            let name = try string()
            let nDims = try read(UInt32.self)
            var dims: [Int] = []
            for _ in 0..<nDims { dims.append(Int(try read(UInt64.self))) }
            let type = GGMLType(rawValue: try read(UInt32.self))
            let offset = Int(try read(UInt64.self))
            tensors.append(Tensor(name: name, dims: dims, type: type, offset: offset))
        }
        dataOffset = (cursor + alignment - 1) / alignment * alignment
    }
}
