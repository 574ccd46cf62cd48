import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `ollama pull` through `ollama serve` against a real registry, with the server killed by
/// SIGKILL in the middle of the 253 MB Gemma 3 blob: the next pull resumes from the saved parts.
@Suite(.serialized, .timeLimit(.minutes(10))) struct PullKillResumeTests {
    /// An `ollama serve` over a given models directory.
    final class Server {
        let process = Process()
        let environment: [String: String]

        init(models: String, home: String) throws {
            let port = try LocalRegistry.freePort()
            environment = ["PATH": "/usr/bin:/bin", "HOME": home, "OLLAMA_HOST": "127.0.0.1:\(port)", "OLLAMA_MODELS": models]
            process.executableURL = try TestPaths.require(TestPaths.ollamaBinary)
            process.arguments = ["serve"]
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                if let r = try? run(["list"]), r.status == 0 { return }
                usleep(100_000)
            }
            kill(process.processIdentifier, SIGKILL)
            throw LocalRegistryError.exited("ollama serve did not start")
        }

        func kill9() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        /// SIGTERM, then SIGKILL after 10 s.
        func stop() {
            guard process.isRunning else { return }
            process.terminate()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning { kill9() }
        }

        /// Starts the CLI against this server.
        func start(_ arguments: [String], cwd: String? = nil) throws -> (Process, Pipe) {
            let child = Process()
            child.executableURL = try TestPaths.require(TestPaths.ollamaBinary)
            child.arguments = arguments
            child.environment = environment
            if let cwd { child.currentDirectoryURL = URL(fileURLWithPath: cwd) }
            let err = Pipe()
            child.standardOutput = FileHandle.nullDevice
            child.standardError = err
            child.standardInput = FileHandle.nullDevice
            try child.run()
            return (child, err)
        }

        /// Runs the CLI to completion: exit status and stderr.
        func run(_ arguments: [String], cwd: String? = nil) throws -> (status: Int32, stderr: String) {
            let (child, err) = try start(arguments, cwd: cwd)
            let data = err.fileHandleForReading.readDataToEndOfFile()
            child.waitUntilExit()
            return (child.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }

    /// Bytes recorded as completed in the `-partial-N` state files of `hex`.
    func savedBytes(blobs: String, hex: String) -> Int64 {
        var total: Int64 = 0
        var index = 0
        while let data = FileManager.default.contents(atPath: "\(blobs)/sha256-\(hex)-partial-\(index)") {
            if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               let completed = object["Completed"] as? NSNumber {
                total += completed.int64Value
            }
            index += 1
        }
        return total
    }

    @Test func pullResumesAfterTheServerIsKilled() async throws {
        let gemma = try TestPaths.require(TestPaths.gemma3)
        let registry = try await LocalRegistry.start()
        defer { registry.stop() }
        let work = try TemporaryDirectory(prefix: "pull-kill")
        defer { work.remove() }
        let name = "\(registry.host)/library/gemma:latest"

        // Create the model from the GGUF and push it.
        let sourceModels = work.path + "/source"
        try "FROM \(gemma.path)\n".write(toFile: work.path + "/Modelfile", atomically: true, encoding: .utf8)
        let source = try Server(models: sourceModels, home: work.path)
        #expect(try source.run(["create", name, "-f", "Modelfile"], cwd: work.path).status == 0)
        let pushed = try source.run(["push", name, "--insecure"])
        source.stop()
        #expect(pushed.status == 0, "push failed: \(pushed.stderr)")
        let manifestPath = "\(sourceModels)/manifests/\(registry.host)/library/gemma/latest"
        let manifest = try #require(FileManager.default.contents(atPath: manifestPath))
        let layers = try #require((try JSONSerialization.jsonObject(with: manifest) as? [String: Any])?["layers"] as? [[String: Any]])
        let model = try #require(layers.first { ($0["mediaType"] as? String) == "application/vnd.ollama.image.model" })
        let digest = try #require(model["digest"] as? String)
        let size = try #require((model["size"] as? NSNumber)?.int64Value)
        let hex = String(digest.dropFirst(7))

        // Pull into an empty store; SIGKILL the server once ~30 % of the blob is saved.
        let models = work.path + "/target"
        let first = try Server(models: models, home: work.path)
        let (client, _) = try first.start(["pull", name, "--insecure"])
        let deadline = Date().addingTimeInterval(120)
        while savedBytes(blobs: models + "/blobs", hex: hex) < size * 3 / 10, Date() < deadline, client.isRunning {
            usleep(2_000)
        }
        first.kill9()
        client.waitUntilExit()
        #expect(client.terminationStatus != 0)
        let saved = savedBytes(blobs: models + "/blobs", hex: hex)
        #expect(saved > 0 && saved < size)
        #expect(!FileManager.default.fileExists(atPath: "\(models)/blobs/sha256-\(hex)"))
        #expect(!FileManager.default.fileExists(atPath: "\(models)/manifests/\(registry.host)/library/gemma/latest"))
        let servedBefore = await registry.settledBytesServed(hex: hex)

        // A new server (its startup prune keeps the fresh partial) finishes the pull.
        let second = try Server(models: models, home: work.path)
        defer { second.stop() }
        let resumed = try second.run(["pull", name, "--insecure"])
        #expect(resumed.status == 0, "pull failed: \(resumed.stderr)")
        let servedAfter = registry.bytesServed(hex: hex) - servedBefore
        #expect(servedAfter < size)
        #expect(servedAfter <= size - saved)
        let blob = URL(fileURLWithPath: "\(models)/blobs/sha256-\(hex)")
        #expect(try Self.sha256sum(blob.path) == hex)
        #expect(FileManager.default.contents(atPath: "\(models)/manifests/\(registry.host)/library/gemma/latest") == manifest)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: models + "/blobs").filter { $0.contains("partial") }
        #expect(leftovers.isEmpty)
        print("kill/resume: \(saved) B saved before SIGKILL, \(servedAfter) B fetched after restart, blob \(size) B")
    }

    static func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }
}
