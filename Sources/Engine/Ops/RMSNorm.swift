/// Root-mean-square normalisation: out = x / sqrt(mean(x²) + ε) · weight.
package enum RMSNorm {
    /// One row of `n` floats; `out` may alias `x`. `weight` nil means no scaling.
    package static func apply(
        _ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>?, _ out: UnsafeMutablePointer<Float>,
        _ n: Int, epsilon: Float
    ) {
        let ss = VectorOps.dot(x, x, n)
        let inv = 1 / (ss / Float(n) + epsilon).squareRoot()
        if let weight {
            for i in 0..<n { out[i] = x[i] * inv * weight[i] }
        } else {
            for i in 0..<n { out[i] = x[i] * inv }
        }
    }
}
