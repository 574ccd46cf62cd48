/// Root-mean-square normalisation: out = x / sqrt(mean(x²) + ε) · weight.
///
/// Computed as ggml does (`rms_norm` then `mul`): Σx² accumulated in double, the scale
/// 1/sqrtf(mean + ε) in float, then x·scale and ·weight as two roundings.
package enum RMSNorm {
    /// One row of `n` floats; `out` may alias `x`. `weight` nil means no scaling.
    package static func apply(
        _ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>?, _ out: UnsafeMutablePointer<Float>,
        _ n: Int, epsilon: Float
    ) {
        var sum = 0.0
        for i in 0..<n { sum += Double(x[i] * x[i]) }
        let mean = Float(sum / Double(n))
        let scale = 1 / (mean + epsilon).squareRoot()
        if let weight {
            for i in 0..<n { out[i] = (x[i] * scale) * weight[i] }
        } else {
            for i in 0..<n { out[i] = x[i] * scale }
        }
    }
}
