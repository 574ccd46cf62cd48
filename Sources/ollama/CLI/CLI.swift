import Server

/// The CLI entry point: argument parsing, help and version, dispatch to commands, and the
/// error convention (`Error: <message>` on stderr, exit status 1).
enum CLI {
    /// Runs the command line (without the program name) and returns the exit status.
    static func main(arguments: [String]) -> ExitCode {
        do {
            if arguments.first == HashCommand.name {
                try HashCommand.run(Array(arguments.dropFirst()))
                return .success
            }
            switch try ArgumentParser.parse(arguments) {
            case .help(let id):
                Output.standardOutput.write(HelpFormatter.help(for: id))
            case .unknownHelpTopic(let topic):
                // cobra prints this and the root usage on stderr, and succeeds.
                Output.standardError.write("Unknown help topic [`\(topic)`]\n")
                Output.standardError.write(HelpFormatter.usage(for: CommandTable.root))
            case .version:
                VersionCommand.run(environment: Environment.current())
            case .run(let command):
                try Commands.run(command, environment: Environment.current())
            }
            return .success
        } catch {
            Output.standardError.write("Error: \(error)\n")
            return .failure
        }
    }
}
