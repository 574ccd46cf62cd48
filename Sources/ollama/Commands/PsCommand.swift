import Foundation
import Server

/// `ollama ps`: `NAME ID SIZE PROCESSOR CONTEXT UNTIL` of the loaded models.
enum PsCommand {
    static func run(_ command: ParsedCommand, environment: OllamaEnvironment) throws {
        let models = try Commands.client(environment).ps().models
        let prefix = command.arguments.first
        var table = TableWriter(header: ["NAME", "ID", "SIZE", "PROCESSOR", "CONTEXT", "UNTIL"])
        let now = Date().timeIntervalSince1970
        for model in models where prefix.map({ model.name.hasPrefix($0) }) ?? true {
            table.append([model.name, String(model.digest.prefix(12)), HumanBytes.format(model.size),
                          processor(model), String(model.contextLength),
                          HumanTime.until(model.expiresAt.timeIntervalSince1970, now: now)])
        }
        Output.standardOutput.write(table.render())
    }

    /// `100% CPU`, `100% GPU`, or `48%/52% CPU/GPU`.
    static func processor(_ model: ProcessModelResponse) -> String {
        if model.sizeVRAM == 0 || model.size == 0 { return "100% CPU" }
        if model.sizeVRAM >= model.size { return "100% GPU" }
        let gpu = Int((Double(model.sizeVRAM) / Double(model.size) * 100).rounded())
        return "\(100 - gpu)%/\(gpu)% CPU/GPU"
    }
}
