import Foundation

/// Re-encodes the F32/F16/BF16 weights of a GGUF model in a quantized type (`ollama create
/// --quantize`), with llama.cpp's per-tensor choices (`QuantizationRecipe`); norms, biases and
/// other tensors llama.cpp leaves alone are copied unchanged.
public enum Quantizer {
    /// The quantized model: `file`'s metadata with `general.file_type` updated, and every tensor
    /// converted in file order. `progress(done, total)` counts source bytes.
    /// - Throws: `QuantizeError.unsupportedSource` when the model is already quantized.
    package static func quantize(_ file: GGUFFile, to target: QuantizationType, pool: ThreadPool? = nil,
                                 progress: ((Int, Int) -> Void)? = nil) throws -> GGUFWriter {
        let floats: Set<GGMLType> = [.f32, .f16, .bf16]
        if let ft = file.metadata.int("general.file_type"), ![0, 1, 32].contains(ft) {
            throw QuantizeError.unsupportedSource
        }
        guard file.tensors.allSatisfy({ floats.contains($0.type) || !QuantizationRecipe.allowsQuantization($0) }) else {
            throw QuantizeError.unsupportedSource
        }
        var writer = GGUFWriter()
        for (key, value) in file.metadata.pairs where key != "general.file_type" && key != "general.quantization_version" {
            writer.add(key, value)
        }
        writer.add("general.file_type", .uint32(UInt32(target.fileType)))
        writer.add("general.quantization_version", .uint32(2))
        var recipe = QuantizationRecipe(target: target, tensors: file.tensors)
        let total = file.tensors.reduce(0) { $0 + $1.byteCount }
        var done = 0
        for t in file.tensors {
            let type = recipe.type(for: t)
            let source = file.bytes(for: t)
            if type == t.type {
                writer.addTensor(name: t.name, shape: t.shape, type: type, data: Array(source))
            } else {
                writer.addTensor(name: t.name, shape: t.shape, type: type, data: convert(t, source, to: type, pool: pool))
            }
            done += t.byteCount
            progress?(done, total)
        }
        return writer
    }

    /// The rows of `t` re-encoded as `type`, in parallel on `pool` when given.
    static func convert(_ t: GGUFTensorInfo, _ source: UnsafeRawBufferPointer, to type: GGMLType,
                        pool: ThreadPool?) -> [UInt8] {
        let cols = t.shape[0], rows = t.rowCount
        guard let dequantize = KernelTable.kernel(for: t.type), let quantize = KernelTable.quantizer(for: type),
              let outRowBytes = type.rowBytes(cols), let base = source.baseAddress
        else { preconditionFailure("quantizer for \(t.type.name) → \(type.name) exists and rows fit") }
        let inRowBytes = t.rowBytes
        var out = [UInt8](repeating: 0, count: outRowBytes * rows)
        out.withUnsafeMutableBytes { dst in
            guard let d = dst.baseAddress else { return }
            let rowsPerTask = max(1, (1 << 16) / max(1, cols))
            let tasks = (rows + rowsPerTask - 1) / rowsPerTask
            let body: (Int) -> Void = { task in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: cols) { row in
                    guard let r = row.baseAddress else { return }
                    for i in (task * rowsPerTask)..<min(rows, (task + 1) * rowsPerTask) {
                        dequantize.dequantize(base + i * inRowBytes, r, cols)
                        quantize(r, d + i * outRowBytes, cols)
                    }
                }
            }
            if let pool { pool.run(tasks, body) } else { for task in 0..<tasks { body(task) } }
        }
        return out
    }

    /// The name ollama prints for a source model's type (`F16`, `BF16`, `F32`).
    public static func sourceTypeName(_ file: GGUFFile) -> String {
        GGUFModelInfo.quantizationLevel(file)
    }
}
