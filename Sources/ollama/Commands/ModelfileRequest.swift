import Foundation
import Registry
import Server

/// Turns a parsed Modelfile into a create request (ollama `parser.CreateRequest`): `FROM` an
/// existing file becomes `files` (hashed, to be uploaded), any other `FROM` is a model name.
struct ModelfileRequest {
    /// A local file to upload as a blob, under its base name.
    struct File {
        let name: String
        let url: URL
        let digest: Digest
    }

    var request: CreateRequest
    var files: [File] = []

    /// - Parameters:
    ///   - modelfile: the parsed Modelfile.
    ///   - directory: the Modelfile's directory; relative `FROM` paths are resolved from it.
    ///   - home: the home directory for `~`.
    ///   - hash: hashes a file (SHA-256), called while a spinner runs.
    init(_ modelfile: Modelfile, name: String, directory: URL, home: String, hash: (URL) throws -> Digest) throws {
        request = CreateRequest(model: name)
        var parameters: [String: [String]] = [:]
        var order: [String] = []
        for command in modelfile.commands {
            switch command.name {
            case "model":
                if let url = Self.existingFile(command.args, directory: directory, home: home) {
                    for file in try Self.modelFiles(url) {
                        let digest = try hash(file)
                        files.append(File(name: file.lastPathComponent, url: file, digest: digest))
                        request.files[file.lastPathComponent] = digest.description
                    }
                } else {
                    request.from = command.args
                }
            case "adapter":
                throw ModelfileRequestError.adaptersUnsupported
            case "template": request.template = command.args
            case "system": request.system = command.args
            case "license": request.license = (request.license ?? []) + [command.args]
            case "message":
                let (role, content) = Modelfile.splitMessage(command.args)
                request.messages = (request.messages ?? []) + [ModelMessage(role: role, content: content)]
            case "requires", "renderer", "parser", "draft":
                continue
            default:
                if ParameterTable.deprecated.contains(command.name) { continue }
                if parameters[command.name] == nil { order.append(command.name) }
                parameters[command.name, default: []].append(command.args)
            }
        }
        if !parameters.isEmpty {
            var object = JSONObject()
            for key in order.sorted() {
                let value = try ParameterTable.format(key: key, values: key == "stop" ? parameters[key] ?? [] : [parameters[key]?.last ?? ""])
                object[key] = Self.json(value)
            }
            request.parameters = object
        }
    }

    /// The file or directory `FROM` names, if it exists (absolute, `~/…`, or relative to the Modelfile).
    static func existingFile(_ text: String, directory: URL, home: String) -> URL? {
        var path = text
        if path == "~" || path.hasPrefix("~/") { path = home + path.dropFirst() }
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
        return FileManager.default.fileExists(atPath: url.path) ? url.standardizedFileURL : nil
    }

    /// A file, or the `*.gguf` files of a directory.
    static func modelFiles(_ url: URL) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [url]
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        let ggufs = names.filter { $0.hasSuffix(".gguf") }.sorted()
        guard !ggufs.isEmpty else { throw ModelfileRequestError.noModelFiles }
        return ggufs.map { url.appendingPathComponent($0) }
    }

    static func json(_ value: ParameterValue) -> JSONValue {
        switch value {
        case .int(let v): return .int(v)
        case .float(let v): return Double(v.description).map(JSONValue.number) ?? .null
        case .bool(let v): return .bool(v)
        case .string(let v): return .string(v)
        case .strings(let v): return .array(v.map(JSONValue.string))
        }
    }
}

enum ModelfileRequestError: Error, CustomStringConvertible {
    case adaptersUnsupported
    case noModelFiles

    var description: String {
        switch self {
        case .adaptersUnsupported: return "ADAPTER is not supported yet"
        case .noModelFiles: return "no Modelfile or safetensors files found"
        }
    }
}
