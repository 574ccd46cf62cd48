extension WeightMatrix {
    /// Bytes of one row.
    var rowStride: Int { type.rowBytes(cols) ?? 0 }

    /// dst[0..<cols] = row `row` as floats (embedding lookup).
    func dequantizeRow(_ row: Int, into dst: UnsafeMutablePointer<Float>) {
        precondition(row >= 0 && row < rows, "row \(row) of \(rows)")
        Engine.dequantizeRow(type, data + row * rowStride, dst, cols)
    }
}
