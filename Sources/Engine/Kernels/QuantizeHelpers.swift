/// Scalar pieces of ggml's reference quantizers (`quantize_row_*_ref`).
enum QuantizeHelpers {
    /// The value of largest magnitude among 32 (the first one on ties), as ggml's `max`.
    static func signedMax(_ x: UnsafePointer<Float>) -> Float {
        var amax: Float = 0, max: Float = 0
        for j in 0..<32 where amax < Swift.abs(x[j]) {
            amax = Swift.abs(x[j])
            max = x[j]
        }
        return max
    }

    /// (min, max) of 32 values.
    static func range(_ x: UnsafePointer<Float>) -> (min: Float, max: Float) {
        var lo = Float.greatestFiniteMagnitude, hi = -Float.greatestFiniteMagnitude
        for j in 0..<32 {
            if x[j] < lo { lo = x[j] }
            if x[j] > hi { hi = x[j] }
        }
        return (lo, hi)
    }

    /// C's `(int8_t)v` for the small values the quantizers produce (truncation toward zero),
    /// widened to Int; NaN becomes 0 instead of trapping.
    static func int8(_ v: Float) -> Int {
        guard v.isFinite else { return 0 }
        return Int(Int8(truncatingIfNeeded: Int(Swift.max(-128, Swift.min(127, v.rounded(.towardZero))))))
    }

    /// C's `(uint8_t)v` for the small non-negative values of the affine quantizers.
    static func uint8(_ v: Float) -> Int {
        guard v.isFinite else { return 0 }
        return Int(Swift.max(0, Swift.min(255, v.rounded(.towardZero))))
    }
}
