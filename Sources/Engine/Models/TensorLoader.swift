/// Looks up the weights of a model in its GGUF file, checking names, shapes and types.
struct TensorLoader {
    let file: GGUFFile

    /// A 2-D weight `name` with GGUF shape [cols, rows] (ggml order: row length first).
    func matrix(_ name: String, cols: Int, rows: Int) throws -> WeightMatrix {
        guard let t = file.tensor(named: name) else { throw ModelError.missingTensor(name) }
        guard t.shape == [cols, rows] || (t.shape.count > 2 && t.shape[0] == cols && t.shape[1] == rows
            && t.shape.dropFirst(2).allSatisfy { $0 == 1 })
        else { throw ModelError.badShape(tensor: name, expected: [cols, rows], got: t.shape) }
        guard KernelTable.kernel(for: t.type) != nil else {
            throw ModelError.unsupportedTensorType(tensor: name, type: t.type.name)
        }
        return try WeightMatrix(type: t.type, data: file.data(for: t), rows: rows, cols: cols)
    }

    /// Like `matrix`, or nil when the tensor is absent.
    func optionalMatrix(_ name: String, cols: Int, rows: Int) throws -> WeightMatrix? {
        file.tensor(named: name) == nil ? nil : try matrix(name, cols: cols, rows: rows)
    }

    /// A 1-D weight of `count` elements (norms, biases), as floats.
    func vector(_ name: String, count: Int) throws -> [Float] {
        guard let t = file.tensor(named: name) else { throw ModelError.missingTensor(name) }
        guard t.elementCount == count, t.shape.first == count else {
            throw ModelError.badShape(tensor: name, expected: [count], got: t.shape)
        }
        guard KernelTable.kernel(for: t.type) != nil else {
            throw ModelError.unsupportedTensorType(tensor: name, type: t.type.name)
        }
        var out = [Float](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            dequantizeRow(t.type, file.data(for: t), base, count)
        }
        return out
    }

    /// Like `vector`, or nil when the tensor is absent.
    func optionalVector(_ name: String, count: Int) throws -> [Float]? {
        file.tensor(named: name) == nil ? nil : try vector(name, count: count)
    }
}
