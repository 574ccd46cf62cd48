/// A 2-D weight tensor as stored in a GGUF file, ready for `MatMul`.
///
/// GGUF shape [cols, rows]: shape[0] = cols is the row length; row r starts at
/// `data + r · type.rowBytes(cols)`. The memory (usually mmapped) must outlive the matrix.
package struct WeightMatrix {
    /// The element type of the rows.
    package let type: GGMLType
    /// The first byte of row 0.
    package let data: UnsafeRawPointer
    /// Output features: rows × cols.
    package let rows: Int
    /// Input features (the row length).
    package let cols: Int
    /// Bytes per row.
    package let rowBytes: Int
    /// The kernels for `type`.
    let kernel: any QuantKernel.Type
    /// The same kernels when they compute whole `MatMul` tasks (specialized loops).
    let taskKernel: (any MatMulKernel.Type)?

    /// Checks that the engine can multiply this tensor.
    /// - Throws: `KernelError` for a type without kernels, a row length that is not a whole
    ///   number of blocks, or a negative dimension.
    package init(type: GGMLType, data: UnsafeRawPointer, rows: Int, cols: Int) throws {
        guard rows >= 0, cols >= 0 else { throw KernelError.badShape(rows: rows, cols: cols) }
        guard let kernel = KernelTable.kernel(for: type) else { throw KernelError.unsupportedType(type) }
        func activationType<K: QuantKernel>(_: K.Type) -> GGMLType { K.Activation.type }
        guard let rowBytes = type.rowBytes(cols), !rowBytes.multipliedReportingOverflow(by: rows).overflow,
              activationType(kernel).rowBytes(cols) != nil
        else { throw KernelError.badRowLength(type, cols: cols) }
        self.type = type
        self.data = data
        self.rows = rows
        self.cols = cols
        self.rowBytes = rowBytes
        self.kernel = kernel
        self.taskKernel = kernel as? any MatMulKernel.Type
    }

    /// The first byte of row `r`.
    @inline(__always)
    package func row(_ r: Int) -> UnsafeRawPointer { data + r * rowBytes }
}
