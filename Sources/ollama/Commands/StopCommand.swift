import Server

/// `ollama stop MODEL`: unloads the model (a generate with `keep_alive: 0`).
enum StopCommand {
    static func run(_ command: ParsedCommand, environment: OllamaEnvironment) throws {
        let name = command.arguments[0]
        do {
            try Commands.client(environment).generate(GenerateRequest(model: name, keepAlive: KeepAlive(.zero))) { _ in }
        } catch let error as APIClientError where error.description.contains("not found") {
            throw CommandFailure("couldn't find model \"\(name)\" to stop")
        }
    }
}
