import Engine
import Foundation
import Testing

/// Single-threaded matrix-vector throughput of the K-quant dot products (opt-in: set
/// `KQUANT_BENCH=1`; it prints figures and only checks that the result is finite).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["KQUANT_BENCH"] != nil))
struct KQuantBenchmark {
    @Test(arguments: KQuantCase.allCases)
    func matVec640x2048(_ c: KQuantCase) {
        let gbps = measure(c.kernel, rows: 640, columns: 2048)
        print("KQUANT_BENCH \(c.rawValue) 640x2048: dot \(String(format: "%.2f", gbps.simd)) GB/s, "
            + "dotPortable \(String(format: "%.2f", gbps.portable)) GB/s, "
            + "dotReference \(String(format: "%.2f", gbps.reference)) GB/s")
        #expect(gbps.simd > 0)
    }
}

/// GB/s of weights read by `rows` dot products of `columns` each (best of several runs).
private func measure<K: KQuantizing>(_ kernel: K.Type, rows: Int, columns: Int) -> (simd: Double, portable: Double, reference: Double) {
    let x = (0..<(rows * columns)).map { Float(0.1 + 2 * Double(cosf(Float($0) * 0.37))) }
    let w = KQuantFixture.quantize(K.self, x)
    let a = KQuantFixture.activations(K.self, KQuantFixture.synthetic(offset: 1, count: columns))
    let rowBytes = K.type.rowBytes(columns) ?? 0
    var sink: Float = 0
    func run(_ path: Int, repeats: Int) -> Double {
        var best = Double.infinity
        w.withUnsafeBytes { wb in
            a.withUnsafeBytes { ab in
                for _ in 0..<repeats {
                    let start = DispatchTime.now().uptimeNanoseconds
                    for r in 0..<rows {
                        let row = wb.baseAddress! + r * rowBytes
                        switch path {
                        case 0: sink += K.dot(row, ab.baseAddress!, columns)
                        case 1: sink += K.dotPortable(row, ab.baseAddress!, columns)
                        default: sink += K.dotReference(row, ab.baseAddress!, columns)
                        }
                    }
                    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start))
                }
            }
        }
        return Double(rows * rowBytes) / best
    }
    let simd = run(0, repeats: 50)
    let portable = run(1, repeats: 20)
    let reference = run(2, repeats: 3)
    #expect(sink.isFinite)
    return (simd, portable, reference)
}
