import Foundation

/// Rotary position embeddings applied in place to the heads of one token.
package struct RoPE {
    /// Pairing of the rotated dimensions.
    package enum Style {
        /// Adjacent pairs (2i, 2i+1): llama (`LLAMA_ROPE_TYPE_NORM`).
        case normal
        /// Halves (i, i + d/2): gemma, qwen2, phi3 (`LLAMA_ROPE_TYPE_NEOX`).
        case neox
    }

    package let style: Style
    /// Rotated dimensions per head (`rope.dimension_count`).
    package let dimensions: Int
    /// base^(-2/d): θ_i = p · thetaScale^i, computed by repeated float multiplication as ggml does.
    package let thetaScale: Float
    /// Multiplies positions (linear scaling: 1 / factor).
    package let positionScale: Float

    package init(style: Style, dimensions: Int, base: Float, positionScale: Float = 1) {
        self.style = style
        self.dimensions = dimensions
        self.positionScale = positionScale
        thetaScale = powf(base, -2 / Float(dimensions))
    }

    /// Rotates `heads` heads of `headDim` floats at `x` (shape [heads, headDim]) for `position`.
    /// A negative `position` rotates backwards (used to shift the KV cache).
    package func apply(_ x: UnsafeMutablePointer<Float>, heads: Int, headDim: Int, position: Int) {
        let half = dimensions / 2
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * half) { cs in
            var theta = Float(position)
            for i in 0..<half {
                let t = positionScale * theta
                cs[2 * i] = cosf(t)
                cs[2 * i + 1] = sinf(t)
                theta *= thetaScale
            }
            for h in 0..<heads {
                let v = x + h * headDim
                for i in 0..<half {
                    let (a, b) = style == .normal ? (2 * i, 2 * i + 1) : (i, i + half)
                    let c = cs[2 * i], s = cs[2 * i + 1]
                    let x0 = v[a], x1 = v[b]
                    // As GCC compiles ggml's `x0·cos − x1·sin`, `x0·sin + x1·cos` (fp-contract=fast,
                    // read off llama.cpp's binary): one product rounded, the other fused.
                    v[a] = (-(x1 * s)).addingProduct(x0, c)
                    v[b] = (x1 * c).addingProduct(x0, s)
                }
            }
        }
    }
}
