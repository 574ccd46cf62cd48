import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `ollama serve` as a subprocess, driven by the CLI: create → list → show → cp → rm on the real
/// SmolLM2 GGUF, with the on-disk layout checked. The server is always killed at the end.
@Suite(.serialized) struct ServeRoundTripTests {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// A running `ollama serve` on a free port over a temporary `OLLAMA_MODELS`.
    final class Serve {
        let directory: TemporaryDirectory
        let port: Int
        let process = Process()
        var environment: [String: String]

        init() throws {
            directory = try TemporaryDirectory(prefix: "ollama-cli")
            port = try Serve.freePort()
            environment = ["PATH": "/usr/bin:/bin", "HOME": directory.path, "OLLAMA_HOST": "127.0.0.1:\(port)",
                           "OLLAMA_MODELS": directory.path + "/models"]
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
            stop()
            throw ServeError.didNotStart
        }

        var models: String { directory.path + "/models" }

        /// Stops the server (SIGTERM, then SIGKILL) and removes the directory.
        func stop() {
            if process.isRunning {
                process.terminate()
                let deadline = Date().addingTimeInterval(10)
                while process.isRunning, Date() < deadline { usleep(50_000) }
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            }
            directory.remove()
        }

        /// Runs the CLI against this server, in `cwd`.
        func run(_ arguments: [String], cwd: String? = nil, environment extra: [String: String] = [:]) throws -> Result {
            let child = Process()
            child.executableURL = try TestPaths.require(TestPaths.ollamaBinary)
            child.arguments = arguments
            child.environment = environment.merging(extra) { _, new in new }
            if let cwd { child.currentDirectoryURL = URL(fileURLWithPath: cwd) }
            let out = Pipe()
            let err = Pipe()
            child.standardOutput = out
            child.standardError = err
            child.standardInput = FileHandle.nullDevice
            try child.run()
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            child.waitUntilExit()
            return Result(status: child.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: stderr, as: UTF8.self))
        }

        /// A port nothing listens on right now (bound to 0, then released).
        static func freePort() throws -> Int {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Bool in
                    bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
                }
            }
            guard bound else { throw ServeError.noPort }
            return Int(UInt16(bigEndian: address.sin_port))
        }
    }

    enum ServeError: Error { case didNotStart, noPort }

    /// `sha256sum` of a file, as the reference for the blob name.
    private func sha256sum(_ path: String) throws -> String {
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

    @Test func createListShowCopyRemove() throws {
        let gguf = try TestPaths.require(TestPaths.smolLM2).path
        let serve = try Serve()
        defer { serve.stop() }
        let work = serve.directory.path
        try "FROM \(gguf)\nPARAMETER temperature 0.7\nPARAMETER stop <|im_end|>\nSYSTEM \"\"\"You are terse.\nVery terse.\"\"\"\n"
            .write(toFile: work + "/Modelfile", atomically: true, encoding: .utf8)

        let create = try serve.run(["create", "smol", "-f", "Modelfile"], cwd: work)
        #expect(create.status == 0, "\(create.stderr)")
        #expect(create.stdout == "")

        // ollama's layout: manifest path, the blob named by sha256sum of the GGUF, media types.
        let hex = try sha256sum(gguf)
        #expect(FileManager.default.fileExists(atPath: serve.models + "/blobs/sha256-" + hex))
        let manifestPath = serve.models + "/manifests/registry.ollama.ai/library/smol/latest"
        let manifest = try #require(FileManager.default.contents(atPath: manifestPath))
        let text = String(decoding: manifest, as: UTF8.self)
        #expect(text.hasPrefix(#"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:"#))
        #expect(text.contains(#"{"mediaType":"application/vnd.ollama.image.model","digest":"sha256:\#(hex)","size":98362432}"#))
        for type in ["template", "system", "params"] {
            #expect(text.contains("\"application/vnd.ollama.image.\(type)\""), "\(type)")
        }

        let list = try serve.run(["list"])
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("NAME           ID              SIZE     MODIFIED    ") == true)
        #expect(lines.count == 2 && lines[1].hasPrefix("smol:latest    ") && lines[1].contains("    98 MB    "))

        let show = try serve.run(["show", "smol"])
        #expect(show.status == 0)
        #expect(show.stdout.hasPrefix("  Model\n    architecture        llama      \n    parameters          134.52M    \n    context length      8192       \n    embedding length    576        \n    quantization        Q4_1       \n\n  Capabilities\n    completion    \n\n  Parameters\n"))
        #expect(show.stdout.contains("    temperature    0.7             \n"))
        #expect(show.stdout.hasSuffix("  System\n    You are terse.    \n    Very terse.       \n\n"))

        let modelfile = try serve.run(["show", "smol", "--modelfile"])
        #expect(modelfile.stdout.hasPrefix("# Modelfile generated by \"ollama show\"\n# To build a new Modelfile based on this, replace FROM with:\n# FROM smol:latest\n\nFROM \(serve.models)/blobs/sha256-\(hex)\nTEMPLATE "))
        #expect(modelfile.stdout.contains("SYSTEM \"You are terse.\nVery terse.\"\nPARAMETER stop <|im_end|>\nPARAMETER temperature 0.7\n"))
        // The generated Modelfile builds the same model again.
        try modelfile.stdout.write(toFile: work + "/Generated", atomically: true, encoding: .utf8)
        let again = try serve.run(["create", "smol-again", "-f", "Generated"], cwd: work)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try serve.run(["show", "smol-again", "--system"]).stdout == "You are terse.\nVery terse.")

        let copy = try serve.run(["cp", "smol", "smol-copy"])
        #expect(copy.stdout == "copied 'smol' to 'smol-copy'\n")
        #expect(try serve.run(["ls", "smol-c"]).stdout.contains("smol-copy:latest"))
        let remove = try serve.run(["rm", "smol-copy", "smol-again"])
        #expect(remove.stdout == "deleted 'smol-copy'\ndeleted 'smol-again'\n")
        #expect(!FileManager.default.fileExists(atPath: serve.models + "/manifests/registry.ollama.ai/library/smol-copy"))
        let missing = try serve.run(["rm", "smol-copy"])
        #expect(missing.status == 1 && missing.stderr == "Error: model 'smol-copy' not found\n")

        let ps = try serve.run(["ps"])
        #expect(ps.stdout == "NAME    ID    SIZE    PROCESSOR    CONTEXT    UNTIL \n")
        let version = try serve.run(["--version"])
        #expect(version.stdout == "ollama version is 0.33.0\n")
        let hash = try serve.run(["__sha256", gguf])
        #expect(hash.stdout == "\(hex)  \(gguf)\n")
    }

    @Test func noServerGivesTheClearError() throws {
        let port = try Serve.freePort()
        let directory = try TemporaryDirectory(prefix: "ollama-cli")
        defer { directory.remove() }
        for arguments in [["list"], ["ps"], ["show", "smol"], ["cp", "a", "b"], ["rm", "a"], ["create", "m"]] {
            let process = Process()
            process.executableURL = try TestPaths.require(TestPaths.ollamaBinary)
            process.arguments = arguments
            process.environment = ["PATH": "/usr/bin:/bin", "HOME": directory.path, "OLLAMA_HOST": "127.0.0.1:\(port)"]
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 1, "\(arguments)")
            #expect(stderr == "Error: could not connect to ollama server, run 'ollama serve' to start it\n", "\(arguments)")
        }
    }
}
