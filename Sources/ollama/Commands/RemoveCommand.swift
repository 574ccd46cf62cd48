import Server

/// `ollama rm MODEL...`: deletes each model, printing `deleted 'x'`.
enum RemoveCommand {
    static func run(_ command: ParsedCommand, environment: OllamaEnvironment) throws {
        let client = Commands.client(environment)
        try client.heartbeat()
        for name in command.arguments {
            try client.delete(model: name)
            Output.standardOutput.write("deleted '\(name)'\n")
        }
    }
}
