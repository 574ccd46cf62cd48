import Registry
import Server

/// `ollama pull MODEL [--insecure]`: streams `/api/pull` and shows its progress bars.
enum PullCommand {
    static func run(_ command: ParsedCommand, environment: OllamaEnvironment) throws {
        let client = Commands.client(environment)
        try client.heartbeat()
        let view = TransferProgressView()
        defer { view.stop() }
        let request = TransferRequest(model: command.arguments[0], insecure: command.bool("insecure"))
        try client.pull(request) { view.show($0) }
    }
}

/// `ollama push MODEL [--insecure]`: streams `/api/push` and shows its progress bars.
enum PushCommand {
    static func run(_ command: ParsedCommand, environment: OllamaEnvironment) throws {
        let client = Commands.client(environment)
        try client.heartbeat()
        let name = command.arguments[0]
        let view = TransferProgressView()
        do {
            try client.push(TransferRequest(model: name, insecure: command.bool("insecure"))) { view.show($0) }
            view.stop()
        } catch let error as APIClientError {
            view.stop()
            if case .server(_, let message) = error, message.contains("unauthorized") || message.contains("access denied") {
                throw PushError.notAuthorized
            }
            throw error
        }
        if let model = ModelNameText.ollamaComPath(name) {
            Output.standardOutput.write("\nYou can find your model at:\n\n\thttps://ollama.com/\(model)\n")
        }
    }

    enum PushError: Error, CustomStringConvertible {
        case notAuthorized

        var description: String {
            "you are not authorized to push to this namespace, create the model under a namespace you own"
        }
    }
}

/// Name helpers of the transfer commands.
enum ModelNameText {
    /// `<namespace>/<model>` when `text` names a model on ollama.com's registry, else nil.
    static func ollamaComPath(_ text: String) -> String? {
        guard let name = ModelName.parse(text), name.host == ModelName.defaultHost || name.host == "ollama.com" else {
            return nil
        }
        return "\(name.namespace)/\(name.model)"
    }
}
