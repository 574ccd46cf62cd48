import Server

/// `ollama cp SOURCE DESTINATION`: `copied 'a' to 'b'`.
enum CopyCommand {
    static func run(_ command: ParsedCommand, environment: OllamaEnvironment) throws {
        let (source, destination) = (command.arguments[0], command.arguments[1])
        try Commands.client(environment).copy(source: source, destination: destination)
        Output.standardOutput.write("copied '\(source)' to '\(destination)'\n")
    }
}
