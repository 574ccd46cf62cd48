import Foundation

/// Converts a Hugging Face model folder to GGUF with the metadata keys, tensor names and tensor
/// types llama.cpp's `convert_hf_to_gguf.py` writes, so that llama.cpp loads what we write.
///
/// Architectures: `BertModel` (→ `bert`) and `LlamaForCausalLM` (→ `llama`). Weights may be
/// F32, F16 or BF16; matrices are written as `outputType` (F16 by default, as ollama and
/// llama.cpp do), vectors (norms, biases) and BERT's position and token-type tables as F32.
public enum ModelConverter {
    /// The architectures of `config.json` this converter handles.
    public static let architectures: [String: (HFModelFolder, inout ConvertedModel) throws -> Void] = [
        "BertModel": { try BertConverter.convert($0, &$1) },
        "BertForMaskedLM": { try BertConverter.convert($0, &$1) },
        "LlamaForCausalLM": { try LlamaConverter.convert($0, &$1) },
    ]

    /// Converts the folder at `url`; `progress` gets one line per step.
    /// - Parameter outputType: `.f16` or `.f32` for the weight matrices.
    /// - Throws: `ConversionError`, `SafetensorsError`.
    public static func convert(folder url: URL, outputType: GGMLType = .f16,
                               progress: ((String) -> Void)? = nil) throws -> GGUFWriter {
        precondition(outputType == .f16 || outputType == .f32 || outputType == .bf16, "outputType is a float type")
        let folder = try HFModelFolder(url: url)
        guard let convert = architectures[folder.architecture] else {
            throw ConversionError.unsupportedArchitecture(folder.architecture)
        }
        var model = ConvertedModel(outputType: outputType, name: url.lastPathComponent, progress: progress)
        try convert(folder, &model)
        return model.finish()
    }

    /// Converts the folder at `url` and writes the GGUF file to `path`.
    public static func convert(folder url: URL, to path: String, outputType: GGMLType = .f16,
                               progress: ((String) -> Void)? = nil) throws {
        try convert(folder: url, outputType: outputType, progress: progress).write(to: path)
    }
}

/// A GGUF being written by a converter: general keys, then the architecture's keys and tensors.
public struct ConvertedModel {
    let outputType: GGMLType
    let name: String
    let progress: ((String) -> Void)?
    private var writer = GGUFWriter()
    private var architecture = ""

    init(outputType: GGMLType, name: String, progress: ((String) -> Void)?) {
        self.outputType = outputType
        self.name = name
        self.progress = progress
    }

    /// Starts the file: `general.architecture`, `general.type`, `general.name`.
    mutating func begin(architecture: String) {
        self.architecture = architecture
        writer.add("general.architecture", .string(architecture))
        writer.add("general.type", .string("model"))
        writer.add("general.name", .string(name))
    }

    /// Adds a metadata pair.
    mutating func add(_ key: String, _ value: GGUFValue) { writer.add(key, value) }

    /// Adds tensor `name` with values in PyTorch order (`hfShape`, last dimension contiguous),
    /// written with ggml's reversed shape in the type llama.cpp's converter picks for it.
    mutating func addTensor(_ name: String, hfShape: [Int], values: [Float]) {
        let shape = hfShape.isEmpty ? [1] : Array(hfShape.reversed())
        var type = outputType
        if hfShape.count <= 1 || name.hasSuffix("_norm.weight") || !name.hasSuffix(".weight")
            || name == "position_embd.weight" || name == "token_types.weight" {
            type = .f32
        }
        let cols = shape[0], rows = values.count / max(1, cols)
        guard let quantize = KernelTable.quantizer(for: type), let rowBytes = type.rowBytes(cols) else {
            preconditionFailure("float types always have a quantizer")
        }
        var data = [UInt8](repeating: 0, count: rowBytes * rows)
        values.withUnsafeBufferPointer { src in
            data.withUnsafeMutableBytes { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                for r in 0..<rows { quantize(s + r * cols, d + r * rowBytes, cols) }
            }
        }
        progress?("\(name) \(shape) \(type.name)")
        writer.addTensor(name: name, shape: shape, type: type, data: data)
    }

    /// The finished GGUF, with `general.file_type` and `general.quantization_version` last.
    func finish() -> GGUFWriter {
        var out = writer
        out.add("general.file_type", .uint32(outputType == .f32 ? 0 : outputType == .bf16 ? 32 : 1))
        out.add("general.quantization_version", .uint32(2))
        return out
    }
}
