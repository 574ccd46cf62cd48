import Foundation
import Server

extension RunCommand {
    /// The `>>> ` loop: chat messages and slash commands.
    struct Interactive {
        var session: ReplSession
        let client: APIClient
        let environment: OllamaEnvironment
        let out = Output.standardOutput

        func print(_ text: String) { out.write(text) }

        mutating func run() throws {
            try RunCommand.preload(session, client: client)
            InterruptFlag.install()
            let editor = LineEditor(historyFile: environment.noHistory ? nil : environment.historyFile)
            var collector = MultilineCollector()
            var interruptedOnce = false
            while true {
                let prompt = collector.isCollecting
                    ? LinePrompt(text: "... ", placeholder: "")
                    : LinePrompt()
                switch editor.readLine(prompt) {
                case .endOfFile:
                    return
                case .interrupt:
                    if collector.isCollecting {
                        collector = MultilineCollector()
                        continue
                    }
                    if interruptedOnce { return }
                    interruptedOnce = true
                    print("\nUse Ctrl + d or /bye to exit.\n")
                case .submit(let line):
                    interruptedOnce = false
                    guard let entry = collector.feed(line) else { continue }
                    if try !handle(ReplCommand.parse(entry)) { return }
                }
            }
        }

        /// Runs one entry; false to exit.
        mutating func handle(_ command: ReplCommand) throws -> Bool {
            switch command {
            case .bye:
                return false
            case .message(let text):
                if text.trimmingCharacters(in: .whitespaces).isEmpty { return true }
                try chat(text)
            case .help(let topic):
                switch topic {
                case "set": print(ReplSession.setHelp)
                case "show": print(ReplSession.showHelp)
                case "shortcut", "shortcuts": print(ReplSession.shortcutsHelp)
                default: print(ReplSession.help)
                }
            case .usage(let what):
                print(what == "show" ? ReplSession.showHelp : ReplSession.setHelp)
            case .unknown(let name):
                print("Unknown command '\(name)'. Type /? for help\n")
            case .show(let what):
                try show(what)
            case .load(let name):
                print("Loading model '\(name)'\n")
                _ = try client.show(ShowRequest(model: name))
                session.model = name
                session.messages.removeAll()
                try RunCommand.preload(session, client: client)
            case .save(let name):
                let request = CreateRequest(
                    model: name, from: session.model, system: session.system.isEmpty ? nil : session.system,
                    parameters: session.options.isEmpty ? nil : session.options,
                    messages: session.messages.filter { $0.role != "system" }.map { ModelMessage(role: $0.role, content: $0.content) })
                try client.create(request) { _ in }
                print("Created new model '\(name)'\n")
            default:
                if let reply = session.apply(command) { print(reply + "\n") }
            }
            return true
        }

        /// Sends the conversation plus `text`; Ctrl-C stops the answer (closing the stream).
        mutating func chat(_ text: String) throws {
            session.messages.append(ChatMessage(role: "user", content: text))
            InterruptFlag.reset()
            let spinner: Spinner? = Output.standardError.isTerminal ? Spinner() : nil
            var writer = WordWrapWriter(enabled: session.wordWrap)
            var answer = ""
            var stats: GenerationMetrics?
            struct Cancelled: Error {}
            do {
                try client.chat(session.chatRequest()) { chunk in
                    if InterruptFlag.isSet { throw Cancelled() }
                    if !chunk.message.content.isEmpty {
                        spinner?.stop()
                        writer.write(chunk.message.content)
                        answer += chunk.message.content
                    }
                    if chunk.done { stats = chunk.metrics }
                }
            } catch is Cancelled {
                spinner?.stop()
                writer.writeRaw("\n")
                return
            } catch {
                spinner?.stop()
                if InterruptFlag.isSet {
                    writer.writeRaw("\n")
                    return
                }
                session.messages.removeLast()
                Output.standardError.write("Error: \(error)\n")
                return
            }
            spinner?.stop()
            writer.writeRaw("\n\n")
            session.messages.append(ChatMessage(role: "assistant", content: answer))
            if session.verbose, let stats { Output.standardError.write(VerboseStats.render(stats)) }
        }

        func show(_ what: String) throws {
            let info = try client.show(ShowRequest(model: session.model))
            switch what {
            case "info":
                print(ShowFormatter.render(info, verbose: false))
            case "license":
                print(info.license.isEmpty ? "No license was specified for this model.\n" : info.license + "\n")
            case "modelfile":
                print(info.modelfile + "\n")
            case "parameters":
                if info.parameters.isEmpty && session.options.isEmpty {
                    print("No parameters were specified for this model.\n")
                    return
                }
                if !info.parameters.isEmpty { print("Model defined parameters:\n\(info.parameters)\n") }
                if !session.options.isEmpty {
                    print("User defined parameters:\n")
                    for (key, value) in session.options {
                        print(key.padding(toLength: 30, withPad: " ", startingAt: 0) + " " + value.serialized() + "\n")
                    }
                }
            case "system":
                let system = session.system.isEmpty ? info.system : session.system
                print(system.isEmpty ? "No system message was specified for this model.\n" : system + "\n")
            case "template":
                print(info.template.isEmpty ? "No prompt template was specified for this model.\n" : info.template + "\n")
            default:
                print("Unknown command '/show \(what)'. Type /? for help\n")
            }
        }
    }
}
