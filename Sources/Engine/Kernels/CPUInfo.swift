#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the machine lets this process compute with.
package enum CPUInfo {
    /// Cores worth one compute thread each: physical cores (SMT siblings count once) among the
    /// CPUs of this process's affinity mask, capped by a cgroup v2 `cpu.max` quota; at least 1.
    package static let usableCores: Int = computeUsableCores()

    private static func computeUsableCores() -> Int {
        #if os(Linux)
        var cores = physicalCoresInAffinity() ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        if let quota = cgroupQuota() { cores = Swift.min(cores, quota) }
        return Swift.max(1, cores)
        #else
        return Swift.max(1, Int(sysconf(_SC_NPROCESSORS_ONLN)))
        #endif
    }

    #if os(Linux)
    /// Distinct (package, core) pairs among the CPUs this process may run on
    /// (`Cpus_allowed_list` of /proc/self/status, the affinity mask).
    private static func physicalCoresInAffinity() -> Int? {
        guard let status = readFile("/proc/self/status", maxBytes: 8192),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") })
        else { return nil }
        var cpus: [Int] = []
        for range in line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters().split(separator: ",") {
            let bounds = range.split(separator: "-").compactMap { Int($0) }
            if bounds.count == 1 { cpus.append(bounds[0]) }
            if bounds.count == 2, bounds[0] <= bounds[1], bounds[1] - bounds[0] < 65536 { cpus += bounds[0]...bounds[1] }
        }
        guard !cpus.isEmpty else { return nil }
        var cores = Set<String>()
        for cpu in cpus {
            let base = "/sys/devices/system/cpu/cpu\(cpu)/topology/"
            guard let core = firstLine(base + "core_id"), let package = firstLine(base + "physical_package_id") else {
                return cpus.count
            }
            cores.insert(package + ":" + core)
        }
        return cores.count
    }

    /// ⌈quota / period⌉ from `/sys/fs/cgroup/cpu.max` ("max 100000" means no quota).
    private static func cgroupQuota() -> Int? {
        guard let line = firstLine("/sys/fs/cgroup/cpu.max") else { return nil }
        let parts = line.split(separator: " ")
        guard parts.count == 2, let quota = Int(parts[0]), let period = Int(parts[1]), quota > 0, period > 0 else {
            return nil
        }
        return (quota + period - 1) / period
    }

    /// The first line of a small text file, trimmed.
    private static func firstLine(_ path: String) -> String? {
        readFile(path, maxBytes: 256)?.split(separator: "\n").first.map { $0.trimmingCharacters() }
    }

    /// Up to `maxBytes` of a file (one read: enough for /proc and /sys files).
    private static func readFile(_ path: String, maxBytes: Int) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: maxBytes)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, maxBytes) }
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self)
    }
    #endif
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    fileprivate func trimmingCharacters() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
