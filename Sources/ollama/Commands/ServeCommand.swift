import Foundation
import Server

#if canImport(Glibc)
import Glibc
#endif

/// `ollama serve`: binds `OLLAMA_HOST`, serves `OLLAMA_MODELS`, stops cleanly on SIGINT/SIGTERM.
enum ServeCommand {
    static func run(_ command: ParsedCommand, environment: OllamaEnvironment) throws {
        let logger: HTTPServer.RequestLogger? = environment.logLevel >= .debug ? requestLine : nil
        let engine = GenerationEngine(environment: environment)
        let server = OllamaServer(environment: environment, loadedModels: engine, requestLogger: logger)
        try FileManager.default.createDirectory(atPath: environment.modelsDirectory, withIntermediateDirectories: true)
        try server.start()
        let handler = try SignalHandler { _ in server.stop() }
        log("Listening on \(environment.host.hostPort) (version \(ServerInfo.version))")
        server.waitUntilStopped()
        withExtendedLifetime(handler) {}
    }

    /// One line per request, gin's format: `[GIN] 2024/05/01 - 10:00:00 | 200 |  1.234ms | GET "/api/tags"`.
    static func requestLine(_ method: HTTPMethod, _ path: String, _ status: Int, _ seconds: Double) {
        let now = Date()
        var time = time_t(now.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&time, &parts)
        let stamp = String(format: "%04d/%02d/%02d - %02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                           Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        let elapsed = GoDurationFormat.string(nanoseconds: Int64(seconds * 1e9))
        let padded = String(repeating: " ", count: max(0, 13 - elapsed.count)) + elapsed
        let verb = method.rawValue + String(repeating: " ", count: max(0, 8 - method.rawValue.count))
        Output.standardError.write("[GIN] \(stamp) | \(status) | \(padded) | \(verb) \(GoQuote.quote(path))\n")
    }

    /// A server log line on stderr (`time=… level=INFO msg="…"`).
    static func log(_ message: String) {
        Output.standardError.write("time=\(RFC3339.string(Date())) level=INFO msg=\(GoQuote.quote(message))\n")
    }
}
