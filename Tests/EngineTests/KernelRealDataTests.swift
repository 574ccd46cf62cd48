import Engine
import Foundation
import Testing
import TestSupport

/// The kernels on SmolLM2's real tensors (real scale distributions, including tiny f16 scales).
///
/// The test reads the tensor table itself with a minimal GGUF walk (the engine's GGUF reader
/// is another module's concern and is not needed to locate a few tensors).
@Suite struct KernelRealDataTests {
    struct Tensor {
        let name: String
        let type: GGMLType
        let shape: [Int]
        let offset: Int
    }

    /// A little-endian cursor over the file bytes.
    struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var at = 0
        mutating func u32() throws -> UInt32 { try read(UInt32.self) }
        mutating func u64() throws -> UInt64 { try read(UInt64.self) }
        mutating func read<T: FixedWidthInteger>(_: T.Type) throws -> T {
            guard at + MemoryLayout<T>.size <= bytes.count else { throw CocoaError(.fileReadCorruptFile) }
            defer { at += MemoryLayout<T>.size }
            return T(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: T.self))
        }
        mutating func string() throws -> String {
            let n = Int(try u64())
            guard n >= 0, at + n <= bytes.count else { throw CocoaError(.fileReadCorruptFile) }
            defer { at += n }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[at..<(at + n)]), as: UTF8.self)
        }
        /// Skips one metadata value of `type`, returning it when it is a u32 (for general.alignment).
        mutating func skipValue(_ type: UInt32) throws -> UInt32? {
            switch type {
            case 0, 1, 7: at += 1
            case 2, 3: at += 2
            case 4, 5: return try u32()
            case 6: at += 4
            case 10, 11, 12: at += 8
            case 8: _ = try string()
            case 9:
                let elementType = try u32()
                for _ in 0..<(try u64()) { _ = try skipValue(elementType) }
            default: throw CocoaError(.fileReadCorruptFile)
            }
            return nil
        }
    }

    static func tensors(_ bytes: UnsafeRawBufferPointer) throws -> (tensors: [Tensor], dataStart: Int) {
        var c = Cursor(bytes: bytes)
        #expect(try c.u32() == 0x4655_4747)  // "GGUF"
        _ = try c.u32()
        let count = try c.u64(), kvs = try c.u64()
        var alignment = 32
        for _ in 0..<kvs {
            let key = try c.string()
            let value = try c.skipValue(try c.u32())
            if key == "general.alignment", let value { alignment = Int(value) }
        }
        var result: [Tensor] = []
        for _ in 0..<count {
            let name = try c.string()
            let dims = try c.u32()
            var shape: [Int] = []
            for _ in 0..<dims { shape.append(Int(try c.u64())) }
            let type = try #require(GGMLType(rawValue: try c.u32()))
            result.append(Tensor(name: name, type: type, shape: shape, offset: Int(try c.u64())))
        }
        return (result, (c.at + alignment - 1) / alignment * alignment)
    }

    @Test func smolLM2TensorsDequantizeAndMultiplyLikeTheReference() throws {
        let url = try TestPaths.require(TestPaths.smolLM2)
        let data = try Data(contentsOf: url, options: .alwaysMapped)
        try data.withUnsafeBytes { bytes in
            let (tensors, dataStart) = try Self.tensors(bytes)
            #expect(tensors.count > 100)
            var checkedTypes = Set<GGMLType>()
            let pool = ThreadPool(threads: 2)
            defer { pool.shutdown() }
            let matmul = MatMul(pool: pool)
            for tensor in tensors where tensor.shape.count == 2 && !checkedTypes.contains(tensor.type) {
                checkedTypes.insert(tensor.type)
                let cols = tensor.shape[0], rows = Swift.min(tensor.shape[1], 67)
                let kernel = try #require(KernelTable.kernel(for: tensor.type), "\(tensor.name): \(tensor.type.name)")
                let base = bytes.baseAddress! + dataStart + tensor.offset
                let rowBytes = try #require(tensor.type.rowBytes(cols))
                #expect(dataStart + tensor.offset + tensor.shape[1] * rowBytes <= bytes.count)
                // Dequantization: SIMD == reference on every element of the first rows.
                var ref = [Float](repeating: 0, count: rows * cols), simd = ref
                ref.withUnsafeMutableBufferPointer { kernel.dequantizeReference(base, $0.baseAddress!, rows * cols) }
                simd.withUnsafeMutableBufferPointer { kernel.dequantize(base, $0.baseAddress!, rows * cols) }
                #expect(ref.map(\.bitPattern) == simd.map(\.bitPattern), "\(tensor.name)")
                #expect(ref.allSatisfy(\.isFinite) && ref.contains { $0 != 0 }, "\(tensor.name)")
                // MatMul on the real rows vs the f32 product with the reference dequantization.
                let n = 5
                let x = (0..<(n * cols)).map { sin(Float($0) * 0.37) }
                var out = [Float](repeating: .nan, count: n * rows)
                let w = try WeightMatrix(type: tensor.type, data: base, rows: rows, cols: cols)
                x.withUnsafeBufferPointer { xp in
                    out.withUnsafeMutableBufferPointer { matmul.multiply(w, xp.baseAddress!, n: n, $0.baseAddress!) }
                }
                for t in 0..<n {
                    for r in 0..<rows {
                        var exact: Float = 0, magnitude: Float = 0
                        for c in 0..<cols {
                            exact += ref[r * cols + c] * x[t * cols + c]
                            magnitude += abs(ref[r * cols + c] * x[t * cols + c])
                        }
                        #expect(abs(out[t * rows + r] - exact) <= 0.02 * magnitude, "\(tensor.name) r\(r) t\(t)")
                    }
                }
            }
            #expect(checkedTypes.contains(.q4_1))
            print("checked real tensors of types \(checkedTypes.map(\.name).sorted())")
        }
    }
}
