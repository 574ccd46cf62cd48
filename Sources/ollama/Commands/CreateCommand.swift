import Foundation
import Registry
import Server

/// `ollama create NAME [-f Modelfile] [-q TYPE]`: parses the Modelfile, uploads its GGUF (or the
/// files of a safetensors folder) through `/api/blobs` (skipped when the server has them), then
/// posts `/api/create` and shows its statuses as spinners on stderr (silent when stderr is not a
/// terminal); `quantizing …` statuses show a progress percentage.
enum CreateCommand {
    static func run(_ command: ParsedCommand, environment: OllamaEnvironment) throws {
        let client = Commands.client(environment)
        try client.heartbeat()
        let display = ProgressDisplay()
        defer { display.stop() }
        var spinner = display.addSpinner("gathering model components")
        var request = try buildRequest(command, environment: environment)
        if let quantize = command.string("quantize"), !quantize.isEmpty { request.request.quantize = quantize }
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
            if progress.status == status, progress.total > 0 {
                let percent = Int(Double(progress.completed) / Double(progress.total) * 100)
                display.setMessage(spinner, "\(status) \(percent)%")
                return
            }
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

        var description: String {
            switch self {
            case .cannotOpen(let path): return "open \(path): no such file or directory"
            }
        }
    }
}
