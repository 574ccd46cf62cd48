import Foundation
import Server

/// The only place that reads the process environment: `OLLAMA_*` variables and the home directory.
enum Environment {
    /// The ollama settings of this process.
    static func current() -> OllamaEnvironment {
        OllamaEnvironment(variables: ProcessInfo.processInfo.environment, home: homeDirectory)
    }

    /// `$HOME`, or the password database's entry when it is unset.
    static var homeDirectory: String {
        if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty {
            return home
        }
        return FileManager.default.homeDirectoryForCurrentUser.path
    }
}
