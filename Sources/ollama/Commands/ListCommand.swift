import Foundation
import Server

/// `ollama list [PREFIX]`: `NAME ID SIZE MODIFIED`, newest first.
enum ListCommand {
    static func run(_ command: ParsedCommand, environment: OllamaEnvironment) throws {
        let models = try Commands.client(environment).list().models
        let prefix = command.arguments.first?.lowercased()
        var table = TableWriter(header: ["NAME", "ID", "SIZE", "MODIFIED"])
        let now = Date().timeIntervalSince1970
        for model in models where prefix.map({ model.name.lowercased().hasPrefix($0) }) ?? true {
            table.append([model.name, String(model.digest.prefix(12)), HumanBytes.format(model.size),
                          HumanTime.format(model.modifiedAt.timeIntervalSince1970, now: now)])
        }
        Output.standardOutput.write(table.render())
    }
}
