import Server

/// `ollama show MODEL [--license|--modelfile|--parameters|--system|--template] [-v]`.
enum ShowCommand {
    static let fieldFlags = ["license", "modelfile", "parameters", "system", "template"]

    static func run(_ command: ParsedCommand, environment: OllamaEnvironment) throws {
        let chosen = fieldFlags.filter { command.bool($0) }
        guard chosen.count <= 1 else {
            throw ShowError.tooManyFlags
        }
        let verbose = command.bool("verbose")
        let response = try Commands.client(environment).show(ShowRequest(model: command.arguments[0], verbose: verbose))
        switch chosen.first {
        case "license": Output.standardOutput.write(response.license + "\n")
        case "modelfile": Output.standardOutput.write(response.modelfile + "\n")
        case "parameters": Output.standardOutput.write(response.parameters + "\n")
        case "system": Output.standardOutput.write(response.system)
        case "template": Output.standardOutput.write(response.template)
        default: Output.standardOutput.write(ShowFormatter.render(response, verbose: verbose))
        }
    }

    enum ShowError: Error, CustomStringConvertible {
        case tooManyFlags
        var description: String {
            "only one of '--license', '--modelfile', '--parameters', '--system', or '--template' can be specified"
        }
    }
}
