import Foundation
import Testing
import TestSupport

/// Runs the built `ollama` binary (`swift build -c release --product ollama`) and checks
/// stdout, stderr and the exit status, as a user or script sees them.
@Suite struct BinaryTests {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs the binary with `arguments`, stdin from /dev/null, and a fixed environment.
    private func ollama(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let binary = try TestPaths.require(TestPaths.ollamaBinary)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ["PATH": "/usr/bin:/bin", "HOME": FileManager.default.temporaryDirectory.path]
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func versionFlagWithoutAServerWarnsAndPrintsTheClientVersion() throws {
        for flag in ["--version", "-v"] {
            let result = try ollama([flag], environment: ["OLLAMA_HOST": "127.0.0.1:9"])
            #expect(result.status == 0)
            #expect(result.stdout == "Warning: could not connect to a running Ollama instance\nWarning: client version is 0.33.0\n")
            #expect(result.stderr == "")
        }
    }

    @Test func helpRunMatchesRunDashDashHelp() throws {
        let help = try ollama(["help", "run"])
        #expect(help.status == 0)
        #expect(help.stderr == "")
        #expect(help.stdout.hasPrefix("Run a model\n\nUsage:\n  ollama run MODEL [PROMPT] [flags]\n\nFlags:\n"))
        #expect(help.stdout.contains("      --keepalive string        Duration to keep a model loaded (e.g. 5m)\n"))
        #expect(help.stdout.contains("\nEnvironment Variables:\n      OLLAMA_HOST "))
        let flag = try ollama(["run", "--help"])
        #expect(flag.stdout == help.stdout)
        #expect(flag.status == 0)
    }

    @Test func bareOllamaPrintsRootHelp() throws {
        let result = try ollama([])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Large language model runner\n\nUsage:\n  ollama [flags]\n  ollama [command]\n"))
        #expect(result.stdout.hasSuffix("Use \"ollama [command] --help\" for more information about a command.\n"))
    }

    @Test func errorsGoToStderrWithExitStatusOne() throws {
        let cases: [([String], String)] = [
            (["run"], "Error: requires at least 1 arg(s), only received 0\n"),
            (["cp", "a"], "Error: accepts 2 arg(s), received 1\n"),
            (["run", "llama3", "--x"], "Error: unknown flag: --x\n"),
            (["create", "m", "-z"], "Error: unknown shorthand flag: 'z' in -z\n"),
            (["frobnicate"], "Error: unknown command \"frobnicate\" for \"ollama\"\n"),
            (["list"], "Error: could not connect to ollama server, run 'ollama serve' to start it\n"),
            (["show", "x", "--license", "--system"],
             "Error: only one of '--license', '--modelfile', '--parameters', '--system', or '--template' can be specified\n"),
        ]
        for (arguments, message) in cases {
            let result = try ollama(arguments, environment: ["OLLAMA_HOST": "127.0.0.1:9"])
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
            #expect(result.stderr == message, "\(arguments)")
        }
    }
}
