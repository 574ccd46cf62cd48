import Server

/// `ollama --version`: the server's version, with warnings as ollama prints them when the
/// client differs or no server answers.
enum VersionCommand {
    static func run(environment: OllamaEnvironment) {
        var serverVersion = ""
        do {
            serverVersion = try Commands.client(environment).version()
        } catch {
            Output.standardOutput.write("Warning: could not connect to a running Ollama instance\n")
        }
        if !serverVersion.isEmpty { Output.standardOutput.write("ollama version is \(serverVersion)\n") }
        if serverVersion != ServerInfo.version {
            Output.standardOutput.write("Warning: client version is \(ServerInfo.version)\n")
        }
    }
}
