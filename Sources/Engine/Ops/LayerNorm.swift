/// Layer normalisation as ggml's `ggml_norm` followed by the affine weight and bias:
/// out = (x − mean) / sqrt(var + ε) · weight + bias, sums accumulated in double.
package enum LayerNorm {
    /// One row of `n` floats; `out` may alias `x`.
    package static func apply(
        _ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, _ bias: UnsafePointer<Float>,
        _ out: UnsafeMutablePointer<Float>, _ n: Int, epsilon: Float
    ) {
        var sum: Double = 0
        for i in 0..<n { sum += Double(x[i]) }
        let mean = Float(sum / Double(n))
        var sum2: Double = 0
        for i in 0..<n {
            let v = x[i] - mean
            out[i] = v
            sum2 += Double(v * v)
        }
        let scale = 1 / (Float(sum2 / Double(n)) + epsilon).squareRoot()
        for i in 0..<n { out[i] = out[i] * scale * weight[i] + bias[i] }
    }
}
