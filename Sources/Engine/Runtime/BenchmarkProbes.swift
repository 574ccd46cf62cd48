#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Measurements for `make bench` that are not inference itself: peak memory of this process,
/// the weight bytes a decode step reads, and the machine's memory bandwidth.
package enum BenchmarkProbes {
    /// Peak resident set size of this process in bytes (`VmHWM` of /proc/self/status), nil where
    /// the kernel does not report it. File-backed pages of the mapped GGUF count too.
    package static func peakResidentBytes() -> Int? {
        statusField("VmHWM:")
    }

    /// Current resident set size in bytes (`VmRSS`), nil where unavailable.
    package static func residentBytes() -> Int? {
        statusField("VmRSS:")
    }

    /// Bytes of weights one decoded token reads: every tensor once, except the token embedding,
    /// of which only one row is read unless it is also the output matrix (tied, no `output.weight`).
    package static func weightBytesPerToken(_ file: GGUFFile) -> Int {
        let tied = file.tensor(named: "output.weight") == nil
        var total = 0
        for t in file.tensors {
            if t.name == "token_embd.weight", !tied {
                total += t.rowBytes
            } else {
                total += t.byteCount
            }
        }
        return total
    }

    /// Sum of the byte sizes of all tensors of `file`.
    package static func tensorBytes(_ file: GGUFFile) -> Int {
        file.tensors.reduce(0) { $0 + $1.byteCount }
    }

    /// Reads a `bytes`-sized buffer (touched first so that it is resident) with SIMD loads,
    /// split across `pool`, `passes` times, and returns the best read rate in bytes per second.
    package static func memoryBandwidth(bytes: Int, passes: Int, pool: ThreadPool) -> Double {
        let lane = MemoryLayout<SIMD16<Float>>.stride  // 64 bytes, one cache line
        let chunk = 1 << 20  // 1 MiB per task
        let size = max(chunk, bytes / chunk * chunk)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
        defer { raw.deallocate() }
        memset(raw, 1, size)
        let tasks = size / chunk
        let perTask = chunk / lane
        // One sum per task, kept so that the loads cannot be optimised away.
        let sums = UnsafeMutablePointer<Float>.allocate(capacity: tasks)
        defer { sums.deallocate() }
        sums.initialize(repeating: 0, count: tasks)
        var best = 0.0
        for _ in 0..<max(1, passes) {
            let start = monotonicSeconds()
            pool.run(tasks) { task in
                let base = UnsafeRawPointer(raw + task * chunk)
                var a = SIMD16<Float>(), b = SIMD16<Float>(), c = SIMD16<Float>(), d = SIMD16<Float>()
                var i = 0
                while i < perTask {
                    a += base.load(fromByteOffset: i * lane, as: SIMD16<Float>.self)
                    b += base.load(fromByteOffset: (i + 1) * lane, as: SIMD16<Float>.self)
                    c += base.load(fromByteOffset: (i + 2) * lane, as: SIMD16<Float>.self)
                    d += base.load(fromByteOffset: (i + 3) * lane, as: SIMD16<Float>.self)
                    i += 4
                }
                sums[task] = (a + b + c + d).sum()
            }
            let elapsed = monotonicSeconds() - start
            if elapsed > 0 { best = max(best, Double(size) / elapsed) }
        }
        var check: Float = 0
        for t in 0..<tasks { check += sums[t] }
        return check.isNaN ? 0 : best
    }

    /// Seconds from an arbitrary fixed point (CLOCK_MONOTONIC).
    package static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// A `kB` field of /proc/self/status, in bytes.
    private static func statusField(_ key: String) -> Int? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(cString: line)
            guard text.hasPrefix(key) else { continue }
            let digits = text.dropFirst(key.count).filter { $0.isNumber }
            return Int(String(digits)).map { $0 * 1024 }
        }
        return nil
    }
}
