import Engine
import Foundation
import Testing
import TestSupport

/// The measurements `make bench` builds its roofline and memory report on.
@Suite struct BenchmarkProbesTests {
    /// Writes a GGUF with an F32 embedding [8 × 16 rows], one Q4_0 matrix [32 × 4] and, when
    /// `untied`, a separate `output.weight` [8 × 16].
    static func file(untied: Bool, in dir: TemporaryDirectory) throws -> GGUFFile {
        var writer = GGUFWriter()
        writer.add("general.architecture", .string("test"))
        writer.addTensor(name: "token_embd.weight", shape: [8, 16], floats: (0..<128).map(Float.init))
        writer.addTensor(name: "blk.0.ffn_up.weight", shape: [32, 4], type: .q4_0, data: [UInt8](repeating: 0, count: 4 * 18))
        if untied { writer.addTensor(name: "output.weight", shape: [8, 16], floats: [Float](repeating: 1, count: 128)) }
        let path = dir.url.appendingPathComponent(untied ? "untied.gguf" : "tied.gguf").path
        try writer.write(to: path)
        return try GGUFFile.open(path: path)
    }

    @Test func weightBytesPerTokenCountsOneEmbeddingRowUnlessTied() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let tied = try Self.file(untied: false, in: dir)
        // Tied: the embedding is the output matrix, read whole: 512 + 72 bytes.
        #expect(BenchmarkProbes.tensorBytes(tied) == 512 + 72)
        #expect(BenchmarkProbes.weightBytesPerToken(tied) == 512 + 72)
        let untied = try Self.file(untied: true, in: dir)
        // Untied: one 32-byte embedding row, the matrix, the whole output.
        #expect(BenchmarkProbes.tensorBytes(untied) == 512 + 72 + 512)
        #expect(BenchmarkProbes.weightBytesPerToken(untied) == 32 + 72 + 512)
    }

    @Test func peakResidentSizeGrowsWithTouchedMemory() throws {
        let before = try #require(BenchmarkProbes.peakResidentBytes())
        let size = 64 << 20
        let block = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
        defer { block.deallocate() }
        memset(block, 7, size)
        // Current first: other tests run in this process, and the peak read later bounds it.
        let current = try #require(BenchmarkProbes.residentBytes())
        let after = try #require(BenchmarkProbes.peakResidentBytes())
        #expect(after >= before && after >= current && current >= size)
    }

    @Test func memoryBandwidthIsMeasured() {
        let pool = ThreadPool(threads: 2)
        defer { pool.shutdown() }
        let rate = BenchmarkProbes.memoryBandwidth(bytes: 16 << 20, passes: 2, pool: pool)
        // Any machine reads 16 MiB faster than 100 MB/s and slower than 10 TB/s.
        #expect(rate > 1e8 && rate < 1e13)
    }
}
