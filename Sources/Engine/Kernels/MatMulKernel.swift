/// A kernel that computes a whole `MatMul` task itself.
///
/// `MatMul` opens the weight type's existential once per call; a generic function called on an
/// opened type runs unspecialized (every `unpack`/`dot` would be a witness-table call), so the
/// task loop is a protocol requirement instead: its witness for each concrete kernel is compiled
/// with `Self` known, and everything inside it is specialized and inlined.
protocol MatMulKernel: QuantKernel {
    /// out[t·w.rows + r] = row r · activation row t for r in `rows`, t in `tokens`.
    /// - Parameters:
    ///   - a: the activations of all tokens as `Activation` rows, `aRowBytes` apart.
    static func multiplyTask(_ w: WeightMatrix, _ rows: Range<Int>, _ tokens: Range<Int>,
                             _ a: UnsafeRawPointer, _ aRowBytes: Int, _ scales: ActivationScales,
                             _ out: UnsafeMutablePointer<Float>)
}

/// The f16 scales of 8-bit activation blocks decoded to f32, block-major so the scales of
/// consecutive tokens are adjacent: d[b·n + t] = d of block b of token t (s likewise, Q8_1 only).
struct ActivationScales {
    /// Block scales d, [blocks, n].
    let d: UnsafePointer<Float>
    /// Block sums s = d·Σqs, [blocks, n]: the stored f16 s of Q8_1 blocks, computed in f32 for Q8_0.
    let s: UnsafePointer<Float>
    /// Tokens per block row (n).
    let stride: Int
}

extension MatMulKernel {
    /// One `dot` per (row, token), tokens innermost so the weight row stays in L1.
    static func multiplyTask(_ w: WeightMatrix, _ rows: Range<Int>, _ tokens: Range<Int>,
                             _ a: UnsafeRawPointer, _ aRowBytes: Int, _ scales: ActivationScales,
                             _ out: UnsafeMutablePointer<Float>) {
        for r in rows {
            let row = w.row(r)
            for t in tokens { out[t * w.rows + r] = dot(row, a + t * aRowBytes, w.cols) }
        }
    }
}

extension F32Kernel: MatMulKernel {}
extension F16Kernel: MatMulKernel {}
extension BF16Kernel: MatMulKernel {}
extension Q2_KKernel: MatMulKernel {}
extension Q3_KKernel: MatMulKernel {}
extension Q4_KKernel: MatMulKernel {}
extension Q5_KKernel: MatMulKernel {}
extension Q6_KKernel: MatMulKernel {}
