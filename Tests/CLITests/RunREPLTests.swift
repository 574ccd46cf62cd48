import Foundation
import Testing
import TestSupport

/// `ollama run` and `ollama stop` end to end: the built binary as server and client, SmolLM2
/// created into a temporary store, the REPL driven through a pseudo-terminal (`script -qfc`).
@Suite(.serialized) struct RunREPLTests {
    /// A background `ollama serve` on a random loopback port with a temporary store.
    final class LiveServe {
        let directory: TemporaryDirectory
        let process = Process()
        let environment: [String: String]

        init() throws {
            let binary = try TestPaths.require(TestPaths.ollamaBinary)
            let gguf = try TestPaths.require(TestPaths.smolLM2)
            directory = try TemporaryDirectory(prefix: "ollama-run")
            let port = Int.random(in: 20_000..<60_000)
            environment = [
                "PATH": "/usr/bin:/bin", "HOME": directory.path, "TERM": "xterm",
                "OLLAMA_HOST": "127.0.0.1:\(port)", "OLLAMA_MODELS": directory.path + "/models",
            ]
            process.executableURL = binary
            process.arguments = ["serve"]
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let modelfile = directory.url.appendingPathComponent("Modelfile")
            try "FROM \(gguf.path)\nPARAMETER temperature 0\nPARAMETER num_predict 48\n".write(to: modelfile, atomically: true, encoding: .utf8)
            // Poll until the server has bound its port (a loaded CI machine can take seconds).
            var created = try ollama(["create", "smol", "-f", modelfile.path])
            let deadline = Date().addingTimeInterval(60)
            while created.status != 0, Date() < deadline, process.isRunning {
                Thread.sleep(forTimeInterval: 0.25)
                created = try ollama(["create", "smol", "-f", modelfile.path])
            }
            try #require(created.status == 0, "\(created.stderr)")
        }

        deinit {
            // SIGKILL: a child of the test runner inherits its blocked SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            directory.remove()
        }

        /// Runs the client binary to completion.
        func ollama(_ arguments: [String], input: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
            let process = Process()
            process.executableURL = TestPaths.ollamaBinary
            process.arguments = arguments
            process.environment = environment
            let out = Pipe(), err = Pipe(), inPipe = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = input == nil ? FileHandle.nullDevice : inPipe
            try process.run()
            if let input {
                inPipe.fileHandleForWriting.write(Data(input.utf8))
                try inPipe.fileHandleForWriting.close()
            }
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
        }
    }

    /// A process on a pseudo-terminal: keystrokes in, screen bytes out.
    final class Terminal {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        /// Everything the program wrote so far (bytes: a read may split a UTF-8 sequence).
        private(set) var bytes: [UInt8] = []

        init(command: String, environment: [String: String]) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qfc", command, "/dev/null"]
            process.environment = environment
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            try process.run()
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }

        func type(_ text: String) {
            input.fileHandleForWriting.write(Data(text.utf8))
        }

        /// The screen output after byte `offset`.
        func screen(after offset: Int = 0) -> String {
            String(decoding: bytes.dropFirst(offset), as: UTF8.self)
        }

        /// Reads until `text` appears after `offset` in the screen output (or the timeout passes).
        @discardableResult
        func waitFor(_ text: String, after offset: Int = 0, timeout: Double = 120) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            let fd = output.fileHandleForReading.fileDescriptor
            var buffer = [UInt8](repeating: 0, count: 4096)
            while Date() < deadline {
                if screen(after: offset).contains(text) { return true }
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&pfd, 1, 200) > 0 else { continue }
                let n = read(fd, &buffer, buffer.count)
                if n <= 0 { break }
                bytes += buffer[0..<n]
            }
            return screen(after: offset).contains(text)
        }

        /// Waits (polling, up to `timeout`) for the program to exit.
        func waitForExit(timeout: Double = 60) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            return !process.isRunning
        }

        var length: Int { bytes.count }
    }

    /// Prompts and answers through a pty. The first two commands are typed ahead in one write, before
    /// the REPL shows its next prompt: keys typed while the REPL is busy must not be lost (switching
    /// raw mode with `TCSAFLUSH` used to discard them, issue 5).
    @Test func replAnswersSetsParameterAndExits() throws {
        let serve = try LiveServe()
        let term = try Terminal(command: "\(TestPaths.ollamaBinary.path) run smol", environment: serve.environment)
        try #require(term.waitFor("Send a message (/? for help)"), "no prompt: \(term.screen())")
        var mark = term.length
        term.type("/set parameter temperature 0\r/set parameter num_predict 24\r")
        #expect(term.waitFor("Set parameter 'temperature' to '0'", after: mark), "\(term.screen(after: mark))")
        #expect(term.waitFor("Set parameter 'num_predict' to '24'", after: mark), "\(term.screen(after: mark))")
        mark = term.length
        term.type("What is the capital of France?\r")
        #expect(term.waitFor("Paris", after: mark), "\(term.screen(after: mark))")
        #expect(term.waitFor("Send a message", after: mark))
        mark = term.length
        term.type("/show parameters\r")
        #expect(term.waitFor("num_predict", after: mark), "\(term.screen(after: mark))")
        #expect(term.waitFor("Send a message", after: mark))
        mark = term.length
        term.type("/bogus\r")
        #expect(term.waitFor("Unknown command '/bogus'. Type /? for help", after: mark), "\(term.screen(after: mark))")
        #expect(term.waitFor("Send a message", after: mark))
        term.type("/bye\r")
        let exited = term.waitForExit()
        #expect(exited, "still running after /bye: \(term.screen(after: mark))")
        if exited { #expect(term.process.terminationStatus == 0) }
    }

    /// `"""` multi-line input, Ctrl-C at the prompt (a hint, not an exit), Ctrl-D exits.
    @Test func replMultilineInterruptAndEndOfInput() throws {
        let serve = try LiveServe()
        let term = try Terminal(command: "\(TestPaths.ollamaBinary.path) run smol", environment: serve.environment)
        try #require(term.waitFor("Send a message (/? for help)"), "no prompt: \(term.screen())")
        var mark = term.length
        term.type("\"\"\"What is the capital\r")
        #expect(term.waitFor("... ", after: mark), "\(term.screen(after: mark))")
        term.type("of France?\"\"\"\r")
        #expect(term.waitFor("Paris", after: mark), "\(term.screen(after: mark))")
        #expect(term.waitFor("Send a message", after: mark))
        mark = term.length
        term.type("\u{03}")
        #expect(term.waitFor("Use Ctrl + d or /bye to exit.", after: mark), "\(term.screen(after: mark))")
        #expect(term.waitFor("Send a message", after: mark))
        term.type("\u{04}")
        let exited = term.waitForExit()
        #expect(exited, "still running after Ctrl-D: \(term.screen(after: mark))")
        if exited { #expect(term.process.terminationStatus == 0) }
    }

    @Test func oneShotStdinAndStop() throws {
        let serve = try LiveServe()
        let answer = try serve.ollama(["run", "smol", "--verbose", "What is the capital of France? Answer in one word."])
        #expect(answer.status == 0)
        #expect(answer.stdout.contains("Paris"))
        #expect(answer.stderr.contains("eval rate:"))
        #expect(answer.stderr.contains("prompt eval count:"))

        let piped = try serve.ollama(["run", "smol", "--keepalive", "1m"], input: "Say hello.")
        #expect(piped.status == 0)
        #expect(!piped.stdout.isEmpty)
        let ps = try serve.ollama(["ps"])
        #expect(ps.stdout.contains("smol:latest"))
        #expect(ps.stdout.contains("100% CPU"))

        let stop = try serve.ollama(["stop", "smol"])
        #expect(stop.status == 0)
        #expect(!(try serve.ollama(["ps"])).stdout.contains("smol:latest"))
        let missing = try serve.ollama(["stop", "nope"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "Error: couldn't find model \"nope\" to stop\n")
    }
}
