import Foundation

/// A Hugging Face model folder: `config.json`, the weights as `*.safetensors`, and the tokenizer
/// files (`tokenizer.json`, `tokenizer_config.json`, `vocab.txt`, `modules.json`, …).
public struct HFModelFolder {
    public let url: URL
    /// `config.json`.
    public let config: [String: Any]
    /// `architectures[0]` of `config.json` (`BertModel`, `LlamaForCausalLM`).
    public let architecture: String
    /// The weight files, in name order.
    public let parts: [SafetensorsFile]
    /// Every tensor name, in file order, with the part holding it.
    public let tensorNames: [String]
    private let location: [String: Int]

    /// Opens the folder at `url`: parses `config.json` and maps every weight file.
    /// - Throws: `ConversionError` or `SafetensorsError`.
    public init(url: URL) throws {
        self.url = url
        guard let config = try Self.json(url, "config.json") else { throw ConversionError.missingFile("config.json") }
        self.config = config
        guard let archs = config["architectures"] as? [String], let arch = archs.first else {
            throw ConversionError.invalidJSON(file: "config.json", reason: "no \"architectures\" entry")
        }
        architecture = arch
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        var weights = names.filter { $0.hasPrefix("model") && $0.hasSuffix(".safetensors") }.sorted()
        if weights.isEmpty { weights = names.filter { $0.hasSuffix(".safetensors") }.sorted() }
        guard !weights.isEmpty else { throw ConversionError.missingFile("*.safetensors") }
        parts = try weights.map { try SafetensorsFile.open(path: url.appendingPathComponent($0).path) }
        var order: [String] = []
        var location: [String: Int] = [:]
        for (i, part) in parts.enumerated() {
            for t in part.tensors where location[t.name] == nil {
                location[t.name] = i
                order.append(t.name)
            }
        }
        tensorNames = order
        self.location = location
    }

    /// The tensor `name` and the file holding it.
    public func tensor(_ name: String) -> (file: SafetensorsFile, tensor: SafetensorsTensor)? {
        guard let i = location[name], let t = parts[i].tensor(named: name) else { return nil }
        return (parts[i], t)
    }

    /// The values of tensor `name` as floats (F32, F16 or BF16).
    public func floats(_ name: String) throws -> [Float] {
        guard let (file, t) = tensor(name) else { throw ConversionError.missingTensor(name) }
        return try file.floats(t)
    }

    /// An integer of `config.json`, trying `keys` in order.
    func int(_ keys: String...) -> Int? {
        for k in keys { if let n = config[k] as? NSNumber { return n.intValue } }
        return nil
    }

    /// A number of `config.json`, trying `keys` in order.
    func double(_ keys: String...) -> Double? {
        for k in keys { if let n = config[k] as? NSNumber { return n.doubleValue } }
        return nil
    }

    /// An integer of `config.json` that must be present and positive.
    func requiredInt(_ keys: String...) throws -> Int {
        for k in keys { if let n = config[k] as? NSNumber, n.intValue > 0 { return n.intValue } }
        throw ConversionError.invalidJSON(file: "config.json", reason: "missing or invalid \"\(keys[0])\"")
    }

    /// The JSON object in file `name` of the folder, or nil when the file does not exist.
    func json(_ name: String) throws -> [String: Any]? { try Self.json(url, name) }

    /// Whether file `name` exists in the folder.
    func has(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path)
    }

    static func json(_ url: URL, _ name: String) throws -> [String: Any]? {
        let file = url.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        guard let data = try? Data(contentsOf: file),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw ConversionError.invalidJSON(file: name, reason: "not a JSON object") }
        return object
    }
}
