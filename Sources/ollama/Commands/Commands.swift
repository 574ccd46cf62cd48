import Server

/// Dispatches a parsed command to its implementation, one line per command.
///
/// Commands that are not wired yet report that they are not implemented rather than pretending
/// to work.
enum Commands {
    static func run(_ command: ParsedCommand, environment: OllamaEnvironment) throws {
        switch command.id {
        case .serve: try ServeCommand.run(command, environment: environment)
        case .create: try CreateCommand.run(command, environment: environment)
        case .show: try ShowCommand.run(command, environment: environment)
        case .list: try ListCommand.run(command, environment: environment)
        case .ps: try PsCommand.run(command, environment: environment)
        case .cp: try CopyCommand.run(command, environment: environment)
        case .rm: try RemoveCommand.run(command, environment: environment)
        case .run: try RunCommand.run(command, environment: environment)
        case .stop: try StopCommand.run(command, environment: environment)
        case .pull, .push:
            throw CLIError.notImplemented(command.id.rawValue)
        case .root, .help:
            // The parser turns these into help or version before dispatch.
            Output.standardOutput.write(HelpFormatter.help(for: command.id))
        }
    }

    /// The API client for `OLLAMA_HOST`.
    static func client(_ environment: OllamaEnvironment) -> APIClient {
        APIClient(environment.host)
    }
}
