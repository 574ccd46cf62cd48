import Foundation
import Registry
import Server

/// `ollama create NAME [-f Modelfile]`: parses the Modelfile, uploads its GGUF through
/// `/api/blobs` (skipped when the server has it), then posts `/api/create` and shows its statuses
/// as spinners on stderr (silent when stderr is not a terminal).
enum CreateCommand {
    static func run(_ command: ParsedCommand, environment: OllamaEnvironment) throws {
        let client = Commands.client(environment)
        try client.heartbeat()
        if let quantize = command.string("quantize"), !quantize.isEmpty {
            throw CreateError.quantizeUnsupported
        }
        let display = ProgressDisplay()
        defer { display.stop() }
        var spinner = display.addSpinner("gathering model components")
        let request = try buildRequest(command, environment: environment)
        display.stopSpinner(spinner)

        for file in request.files where try !client.blobExists(file.digest) {
            let message = "copying file \(file.digest) "
            let line = display.addSpinner(message + "0%")
            let size = (try? FileManager.default.attributesOfItem(atPath: file.url.path)[.size] as? Int64) ?? 0
            try client.uploadBlob(file.digest, file: file.url) { sent in
                let percent = size > 0 ? Int(Double(sent) / Double(size) * 100) : 100
                display.setMessage(line, message + "\(percent)%")
            }
            display.stopSpinner(line)
        }

        var status = ""
        try client.create(request.request) { progress in
            guard progress.status != status else { return }
            display.stopSpinner(spinner)
            status = progress.status
            spinner = display.addSpinner(status)
        }
    }

    /// Reads and parses the Modelfile (`-f`, default `Modelfile`; `FROM .` when absent and not given).
    static func buildRequest(_ command: ParsedCommand, environment: OllamaEnvironment) throws -> ModelfileRequest {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let given = command.string("file")
        let path = given ?? "Modelfile"
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : cwd.appendingPathComponent(path)
        let modelfile: Modelfile
        if let data = FileManager.default.contents(atPath: url.path) {
            modelfile = try Modelfile.parse(data: data)
        } else if given == nil {
            modelfile = Modelfile(commands: [Modelfile.Command(name: "model", args: ".")])
        } else {
            throw CreateError.cannotOpen(path)
        }
        let home = (environment.ollamaDirectory as NSString).deletingLastPathComponent
        return try ModelfileRequest(modelfile, name: command.arguments[0], directory: url.deletingLastPathComponent(),
                                    home: home) { try SHA256.hash(fileAt: $0) }
    }

    enum CreateError: Error, CustomStringConvertible {
        case cannotOpen(String)
        case quantizeUnsupported

        var description: String {
            switch self {
            case .cannotOpen(let path): return "open \(path): no such file or directory"
            case .quantizeUnsupported:
                return "quantization is not supported yet: create the model from a GGUF that is already quantized"
            }
        }
    }
}
