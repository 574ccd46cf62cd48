/// Quantizes rows of f32 activations into the blocks a weight type's dot product consumes.
///
/// Quantized weights are multiplied with activations quantized once per matmul into ggml's
/// 8-bit blocks (as llama.cpp does, so results agree with it to the last bits):
/// `block_q8_0` {half d; int8 qs[32]} for Q4_0, Q5_0, Q8_0; `block_q8_1` {half d; half s = d·Σqs;
/// int8 qs[32]} for Q4_1, Q5_1; `block_q8_K` {float d; int8 qs[256]; int16 bsums[16]} for the
/// K-quants; plain floats for F32, F16 and BF16 weights.
package protocol ActivationQuantizer {
    /// The ggml type of the blocks `quantize` writes (`.f32`, `.q8_0`, `.q8_1` or `.q8_K`).
    static var type: GGMLType { get }
    /// dst = `count` floats of `x` as blocks of `type`; `count` is a multiple of its block size,
    /// and dst holds `type.rowBytes(count)` bytes.
    static func quantize(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, _ count: Int)
}

/// The kernels of one weight type: dequantization and the dot product with quantized activations,
/// each as a scalar reference (`…Reference`, a transcription of ggml's generic C) and a SIMD path
/// that must agree with it (dequantization bit for bit; dot products within float rounding).
///
/// All pointers address whole blocks; `count` is a multiple of `type.blockSize`. One weight
/// row is `type.rowBytes(count)` bytes, one activation row `Activation.type.rowBytes(count)`.
package protocol QuantKernel {
    /// The layout of the activations `dot` consumes.
    associatedtype Activation: ActivationQuantizer

    /// The weight type these kernels read.
    static var type: GGMLType { get }

    /// dst[0..<count] = the weights of `src`, scalar reference.
    static func dequantizeReference(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int)
    /// dst[0..<count] = the weights of `src`, SIMD path.
    static func dequantize(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int)

    /// Σ w[i]·a[i] over one row, scalar reference.
    static func dotReference(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float
    /// Σ w[i]·a[i] over one row, SIMD path.
    static func dot(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float
}
