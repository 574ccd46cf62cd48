import Engine
import Foundation
import TestSupport
import Testing

/// Our f16 GELU table against llama.cpp's own (`ggml_table_gelu_f16`, read from its CPU library
/// after `ggml_cpu_init` by scripts/make-gelu-table-fixture.py). Gemma 3's feed-forward gate reads
/// this table for every activation, so one wrong entry moves every value that rounds to it.
@Suite struct GELUTableTests {
    @Test func everyEntryMatchesLlamaCpp() throws {
        let url = try TestPaths.require(TestPaths.fixture("gelu-f16-table.bin", target: "EngineTests"))
        let data = try Data(contentsOf: url)
        try #require(data.count == 65_536 * 2)
        let reference: [UInt16] = data.withUnsafeBytes { raw in
            (0..<65_536).map { UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self)) }
        }
        var mismatches: [String] = []
        for bits in 0..<65_536 {
            let x = Float16(bitPattern: UInt16(bits))
            if !x.isFinite { continue }  // ±inf/NaN inputs never reach the table (|x| ≥ 10 is handled before it)
            let ours = Float16(GELUTable.values[bits]).bitPattern
            if ours != reference[bits] {
                let hex = { (v: Int) in "0x" + String(v, radix: 16) }
                mismatches.append("x=\(Float(x)) (\(hex(bits))): ours \(hex(Int(ours))), llama.cpp \(hex(Int(reference[bits])))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) entries differ: \(mismatches.prefix(5))")
    }
}
