/// A target of `ollama create --quantize`: the llama.cpp file type and its base tensor type.
public enum QuantizationType: String, Sendable, CaseIterable {
    case f32 = "F32", f16 = "F16", bf16 = "BF16", q8_0 = "Q8_0", q4_0 = "Q4_0"
    case q4_K_S = "Q4_K_S", q4_K_M = "Q4_K_M"

    /// Parses a user's name case-insensitively (`q4_K_M`, `q4_k_m`; `q4_K` means `Q4_K_M`).
    /// - Throws: `QuantizeError.unsupportedType` with ollama's message.
    public init(name: String) throws {
        let upper = name.uppercased()
        if upper == "Q4_K" {
            self = .q4_K_M
        } else if let t = QuantizationType(rawValue: upper) {
            self = t
        } else {
            throw QuantizeError.unsupportedType(name)
        }
    }

    /// `general.file_type` (llama.cpp's `llama_ftype`).
    public var fileType: Int {
        switch self {
        case .f32: return 0
        case .f16: return 1
        case .q4_0: return 2
        case .q8_0: return 7
        case .q4_K_S: return 14
        case .q4_K_M: return 15
        case .bf16: return 32
        }
    }

    /// The type of ordinary weight matrices before the mixture's exceptions.
    public var baseType: GGMLType {
        switch self {
        case .f32: return .f32
        case .f16: return .f16
        case .bf16: return .bf16
        case .q8_0: return .q8_0
        case .q4_0: return .q4_0
        case .q4_K_S, .q4_K_M: return .q4_K
        }
    }
}

/// Why a model could not be quantized; the texts are ollama's.
public enum QuantizeError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The requested type is not one we produce.
    case unsupportedType(String)
    /// The source model is already quantized.
    case unsupportedSource

    public var description: String {
        switch self {
        case .unsupportedType(let name):
            return "unsupported quantization type \(name) - supported types are F32, F16, Q4_K_S, Q4_K_M, Q8_0"
        case .unsupportedSource:
            return "quantization is only supported for F16, BF16 and F32 models"
        }
    }
}
