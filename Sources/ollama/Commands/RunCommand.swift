#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Server

/// `ollama run MODEL [PROMPT]`: one answer when a prompt is given or stdin is not a terminal
/// (stdin is prepended to the prompt), otherwise the interactive REPL.
enum RunCommand {
    static func run(_ command: ParsedCommand, environment: OllamaEnvironment) throws {
        let name = command.arguments[0]
        let client = Commands.client(environment)
        var session = ReplSession(model: name)
        session.verbose = command.bool("verbose")
        session.wordWrap = !command.bool("nowordwrap")
        if let text = command.string("keepalive") {
            do {
                session.keepAlive = KeepAlive(try Duration.parse(text))
            } catch {
                throw CommandFailure("\(error)")
            }
        }
        if let format = command.string("format"), !format.isEmpty {
            guard format == "json" else { throw CommandFailure("invalid format: only 'json' is supported") }
            session.format = format
        }
        if let think = command.string("think") {
            switch think {
            case "", "true": session.think = .enabled(true)
            case "false": session.think = .enabled(false)
            default:
                guard ThinkValue.levels.contains(think) else { throw CommandFailure(ThinkValueError.invalid(think).description) }
                session.think = .level(think)
            }
        }
        let shown = try client.show(ShowRequest(model: name))
        let embedding = shown.capabilities.contains("embedding") && !shown.capabilities.contains("completion")

        var prompt = command.arguments.dropFirst().joined(separator: " ")
        let interactiveInput = isatty(STDIN_FILENO) == 1
        if !interactiveInput {
            let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            prompt = prompt.isEmpty ? input : input + " " + prompt
            session.wordWrap = false
        }
        if embedding {
            try embedOnce(prompt.trimmingCharacters(in: .whitespacesAndNewlines), command: command, session: session,
                          client: client)
            return
        }
        if !prompt.isEmpty || !interactiveInput {
            try generateOnce(prompt, session: session, client: client)
            return
        }
        var repl = Interactive(session: session, client: client, environment: environment)
        try repl.run()
    }

    /// One-shot: `/api/generate`, streamed to stdout.
    static func generateOnce(_ prompt: String, session: ReplSession, client: APIClient) throws {
        var request = GenerateRequest(model: session.model, prompt: prompt, keepAlive: session.keepAlive,
                                      think: session.think)
        request.format = session.format.map { JSONValue.string($0) }
        let spinner: Spinner? = Output.standardError.isTerminal ? Spinner() : nil
        var writer = WordWrapWriter(enabled: session.wordWrap)
        var last = ""
        var stats: GenerationMetrics?
        defer { spinner?.stop() }
        try client.generate(request) { chunk in
            if !chunk.response.isEmpty {
                spinner?.stop()
                writer.write(chunk.response)
                last = chunk.response
            }
            if chunk.done { stats = chunk.metrics }
        }
        spinner?.stop()
        if !last.hasSuffix("\n") { writer.writeRaw("\n") }
        if session.verbose, let stats { Output.standardError.write(VerboseStats.render(stats)) }
    }

    /// Loads the model before the first prompt (an empty generate), with a spinner.
    static func preload(_ session: ReplSession, client: APIClient) throws {
        let spinner: Spinner? = Output.standardError.isTerminal ? Spinner() : nil
        defer { spinner?.stop() }
        try client.generate(GenerateRequest(model: session.model, keepAlive: session.keepAlive)) { _ in }
    }
}
