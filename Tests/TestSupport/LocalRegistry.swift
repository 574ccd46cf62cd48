import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

#if canImport(Glibc)
import Glibc
#endif

/// A real Docker distribution registry (Debian's `docker-registry`, distribution 2.8) on
/// 127.0.0.1 with a free port and a temporary storage directory, for pull/push tests.
///
/// `start()` writes the config YAML, launches the registry, and waits for `GET /v2/`; `stop()`
/// terminates it and removes its files. Its access log (combined format) tells how many bytes
/// it served for each request, which is how tests count what a pull fetched.
public final class LocalRegistry: @unchecked Sendable {
    public let port: Int
    public let directory: TemporaryDirectory
    private let process = Process()
    private let logURL: URL

    /// `127.0.0.1:<port>`, the host part of model names on this registry.
    public var host: String { "127.0.0.1:\(port)" }
    /// The registry's storage root.
    public var storage: URL { directory.url.appendingPathComponent("storage") }

    /// Starts a registry. With `htpasswd` (lines `user:<bcrypt>`), it requires Basic auth.
    public static func start(htpasswd: String? = nil) async throws -> LocalRegistry {
        let registry = try LocalRegistry(htpasswd: htpasswd)
        do {
            try await registry.waitUntilReady()
        } catch {
            registry.stop()
            throw error
        }
        return registry
    }

    private init(htpasswd: String?) throws {
        guard let binary = Self.findBinary() else { throw LocalRegistryError.notInstalled }
        directory = try TemporaryDirectory(prefix: "registry")
        port = try Self.freePort()
        logURL = directory.url.appendingPathComponent("registry.log")
        var auth = ""
        if let htpasswd {
            let file = directory.url.appendingPathComponent("htpasswd")
            try Data(htpasswd.utf8).write(to: file)
            auth = "auth:\n  htpasswd:\n    realm: test-realm\n    path: \(file.path)\n"
        }
        let config = """
        version: 0.1
        log:
          level: info
          formatter: text
        storage:
          filesystem:
            rootdirectory: \(storage.path)
          delete:
            enabled: true
          maintenance:
            uploadpurging:
              enabled: false
        http:
          addr: 127.0.0.1:\(port)
        \(auth)
        """
        let configURL = directory.url.appendingPathComponent("config.yml")
        try Data(config.utf8).write(to: configURL)
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", configURL.path]
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    deinit { stop() }

    /// Terminates the registry and removes its files.
    public func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        directory.remove()
    }

    private func waitUntilReady() async throws {
        // `/` answers 200 without credentials. Not `/v2/`: with htpasswd auth that is a 401 with a
        // `Basic` challenge, which FoundationNetworking's default handling never completes.
        let url = URL(string: "http://\(host)/")
        for _ in 0..<100 {
            if !process.isRunning { throw LocalRegistryError.exited(log) }
            if let url, let (_, response) = try? await URLSession.shared.data(from: url),
               let http = response as? HTTPURLResponse, http.statusCode == 200 {
                return
            }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        throw LocalRegistryError.exited(log)
    }

    /// The registry's log so far.
    public var log: String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    /// The file holding a blob's bytes in the registry's storage.
    public func blobDataFile(hex: String) -> URL {
        storage.appendingPathComponent("docker/registry/v2/blobs/sha256/\(hex.prefix(2))/\(hex)/data")
    }

    /// Bytes the registry sent for successful `GET`s of the blob `sha256:<hex>`, from its access log.
    public func bytesServed(hex: String) -> Int64 {
        var total: Int64 = 0
        for line in log.split(separator: "\n") where line.contains("\"GET ") && line.contains("/blobs/sha256:\(hex) ") {
            // combined format: … "GET /v2/… HTTP/1.1" 206 12345 "referer" "agent"
            guard let requestEnd = line.range(of: "HTTP/1.1\" ") else { continue }
            let fields = line[requestEnd.upperBound...].split(separator: " ", maxSplits: 2)
            guard fields.count >= 2, let status = Int(fields[0]), status == 200 || status == 206,
                  let bytes = Int64(fields[1]) else { continue }
            total += bytes
        }
        return total
    }

    /// `bytesServed(hex:)` once it has not changed for half a second (at most 10 s): an aborted
    /// request is logged only when the registry notices the closed connection.
    public func settledBytesServed(hex: String) async -> Int64 {
        var last = bytesServed(hex: hex), stableSince = Date(), started = Date()
        while Date().timeIntervalSince(stableSince) < 0.5 && Date().timeIntervalSince(started) < 10 {
            try? await Task.sleep(nanoseconds: 100_000_000)
            let now = bytesServed(hex: hex)
            if now != last { last = now; stableSince = Date() }
        }
        return last
    }

    /// Number of `GET`s of the blob `sha256:<hex>` in the access log.
    public func blobGets(hex: String) -> Int {
        log.split(separator: "\n").filter { $0.contains("\"GET ") && $0.contains("/blobs/sha256:\(hex) ") }.count
    }

    private static func findBinary() -> String? {
        for dir in ["/usr/bin", "/usr/local/bin", "/usr/sbin"] {
            let path = dir + "/docker-registry"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// A TCP port that was free a moment ago (bind to port 0, read it back, close).
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LocalRegistryError.noPort }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw LocalRegistryError.noPort }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw LocalRegistryError.noPort }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Why a local registry could not be used.
public enum LocalRegistryError: Error, CustomStringConvertible {
    case notInstalled
    case noPort
    case exited(String)

    public var description: String {
        switch self {
        case .notInstalled:
            return "docker-registry is not installed: run `apt-get install -y docker-registry` (.ci/run does)"
        case .noPort: return "no free TCP port"
        case let .exited(log): return "docker-registry did not start:\n\(log.suffix(2000))"
        }
    }
}
