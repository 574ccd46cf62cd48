extension WeightMatrix {
    /// dst[0..<cols] = row `row` as floats (embedding lookup).
    func dequantizeRow(_ row: Int, into dst: UnsafeMutablePointer<Float>) {
        precondition(row >= 0 && row < rows, "row \(row) of \(rows)")
        Engine.dequantizeRow(type, self.row(row), dst, cols)
    }
}
