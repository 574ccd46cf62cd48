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
                    for (name, file) in try Self.modelFiles(url) {
                        let digest = try hash(file)
                        files.append(File(name: name, url: file, digest: digest))
                        request.files[name] = digest.description
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

    /// A file, or the files of a directory under their relative names: its `*.gguf` files, else
    /// a Hugging Face folder (`*.safetensors`, the JSON configs, including one level of
    /// subfolders such as `1_Pooling/config.json`, and the tokenizer files), which the server
    /// converts.
    static func modelFiles(_ url: URL) throws -> [(name: String, url: URL)] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [(url.lastPathComponent, url)]
        }
        let names = ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
        let ggufs = names.filter { $0.hasSuffix(".gguf") }
        if !ggufs.isEmpty { return ggufs.map { ($0, url.appendingPathComponent($0)) } }
        guard names.contains(where: { $0.hasSuffix(".safetensors") }) else { throw ModelfileRequestError.noModelFiles }
        let tokenizerFiles: Set<String> = ["vocab.txt", "tokenizer.model", "merges.txt"]
        var out: [(name: String, url: URL)] = []
        for name in names {
            let item = url.appendingPathComponent(name)
            var sub: ObjCBool = false
            guard fm.fileExists(atPath: item.path, isDirectory: &sub) else { continue }
            if sub.boolValue {
                guard !name.hasPrefix(".") else { continue }
                for inner in ((try? fm.contentsOfDirectory(atPath: item.path)) ?? []).sorted() where inner.hasSuffix(".json") {
                    out.append(("\(name)/\(inner)", item.appendingPathComponent(inner)))
                }
            } else if name.hasSuffix(".safetensors") || name.hasSuffix(".json") || tokenizerFiles.contains(name) {
                out.append((name, item))
            }
        }
        return out
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
