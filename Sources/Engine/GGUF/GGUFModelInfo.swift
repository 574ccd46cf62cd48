import Foundation

/// What `ollama show` / `/api/tags` report about a GGUF model: architecture, parameter size,
/// quantization level, context and embedding length, and the `model_info` map.
public struct GGUFModelInfo: Sendable {
    /// `general.architecture` (e.g. `llama`, `gemma3`).
    public var architecture: String
    /// The family ollama reports: the architecture.
    public var family: String
    /// Total element count of all tensors.
    public var parameterCount: Int
    /// `parameterCount` formatted like ollama (`134.52M`, `8.0B`).
    public var parameterSize: String
    /// Quantization name (`Q4_1`, `Q4_K_M`, `F16`, …).
    public var quantizationLevel: String
    /// `<arch>.context_length`, if present.
    public var contextLength: Int?
    /// `<arch>.embedding_length`, if present.
    public var embeddingLength: Int?

    /// Reads the summary of `file`.
    public init(_ file: GGUFFile) {
        let arch = file.metadata.string("general.architecture") ?? "unknown"
        architecture = arch
        family = arch
        parameterCount = file.parameterCount
        parameterSize = Self.humanNumber(UInt64(max(0, file.parameterCount)))
        quantizationLevel = Self.quantizationLevel(file)
        contextLength = file.metadata.int("\(arch).context_length")
        embeddingLength = file.metadata.int("\(arch).embedding_length")
    }

    /// `model_info`: all pairs in file order except `general.name` and `tokenizer.chat_template`;
    /// arrays of more than 5 elements are emptied unless `verbose`.
    public static func modelInfo(_ file: GGUFFile, verbose: Bool) -> [(key: String, value: GGUFValue)] {
        file.metadata.pairs.compactMap { pair in
            if pair.key == "general.name" || pair.key == "tokenizer.chat_template" { return nil }
            if !verbose, case .array(let a) = pair.value, a.count > 5 {
                return (pair.key, .array(a.emptied))
            }
            return pair
        }
    }

    /// ollama's `format.HumanNumber`: `B` with one decimal, `M` with two, `K` with none,
    /// and no decimals for whole numbers.
    public static func humanNumber(_ n: UInt64) -> String {
        let value = Double(n)
        func scaled(_ unit: Double, _ decimals: Int, _ suffix: String) -> String {
            let x = value / unit
            let digits = x == x.rounded(.down) ? 0 : decimals
            return String(format: "%.\(digits)f", x) + suffix
        }
        switch n {
        case 1_000_000_000...: return scaled(1e9, 1, "B")
        case 1_000_000...: return scaled(1e6, 2, "M")
        case 1_000...: return String(format: "%.0fK", value / 1e3)
        default: return String(n)
        }
    }

    /// The name of `general.file_type` (llama.cpp's `llama_ftype`), or the most common
    /// tensor type when the key is missing or unknown.
    public static func quantizationLevel(_ file: GGUFFile) -> String {
        if let ft = file.metadata.int("general.file_type"), let name = fileTypeNames[ft] {
            return name
        }
        var counts: [GGMLType: Int] = [:]
        for t in file.tensors where t.shape.count > 1 { counts[t.type, default: 0] += 1 }
        if counts.isEmpty { for t in file.tensors { counts[t.type, default: 0] += 1 } }
        let best = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key.rawValue > b.key.rawValue }
        return best?.key.name ?? "unknown"
    }

    /// `llama_ftype` values (llama.h) and the names ollama prints for them.
    static let fileTypeNames: [Int: String] = [
        0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1",
        10: "Q2_K", 11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M",
        16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S",
        22: "IQ3_XS", 23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M",
        28: "IQ2_S", 29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0", 37: "TQ2_0",
        38: "MXFP4",
    ]
}
