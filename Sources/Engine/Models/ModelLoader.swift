/// Opens the architecture named by `general.architecture`: a table, one line per architecture.
package enum ModelLoader {
    /// The architectures this engine runs.
    package static let architectures: [String: (GGUFFile, ThreadPool) throws -> any LanguageModel] = [
        "llama": { try LlamaModel(file: $0, architecture: "llama", pool: $1) },
        "qwen2": { try LlamaModel(file: $0, architecture: "qwen2", pool: $1) },
        "gemma3": { try Gemma3Model(file: $0, pool: $1) },
    ]

    /// Loads the model of `file`, sharing `pool` for its kernels.
    package static func load(_ file: GGUFFile, pool: ThreadPool) throws -> any LanguageModel {
        let arch = file.metadata.string("general.architecture") ?? ""
        guard let make = architectures[arch] else { throw ModelError.unsupportedArchitecture(arch) }
        return try make(file, pool)
    }
}
