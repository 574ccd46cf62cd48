import Server

/// Dispatches a parsed command to its implementation.
///
/// The commands talk to the server through the API client; until they are wired, each one reports
/// that it is not implemented rather than pretending to work.
enum Commands {
    static func run(_ command: ParsedCommand, environment: OllamaEnvironment) throws {
        switch command.id {
        case .serve, .create, .show, .run, .stop, .pull, .push, .list, .ps, .cp, .rm:
            throw CLIError.notImplemented(command.id.rawValue)
        case .root, .help:
            // The parser turns these into help or version before dispatch.
            Output.standardOutput.write(HelpFormatter.help(for: command.id))
        }
    }
}
