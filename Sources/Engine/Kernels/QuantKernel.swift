/// The activation layout a weight type's dot product consumes.
///
/// Quantized weights are multiplied with activations quantized once per matmul into ggml's
/// 8-bit blocks (as llama.cpp does, so results agree with it to the last bits):
/// - `q8_0`: `block_q8_0` {half d; int8 qs[32]}, for Q4_0, Q5_0, Q8_0 weights;
/// - `q8_1`: `block_q8_1` {half d; half s = d·Σqs; int8 qs[32]}, for Q4_1, Q5_1 weights;
/// - `q8_K`: `block_q8_K` {float d; int8 qs[256]; int16 bsums[16]}, for the K-quants;
/// - `f32`: plain floats, for F32, F16 and BF16 weights.
public enum ActivationFormat: Sendable {
    case f32
    case q8_0
    case q8_1
    case q8_K

    /// The ggml type whose block layout this format uses.
    public var type: GGMLType {
        switch self {
        case .f32: return .f32
        case .q8_0: return .q8_0
        case .q8_1: return .q8_1
        case .q8_K: return .q8_K
        }
    }
}

/// The kernels of one weight type: dequantization and the dot product with quantized activations,
/// each as a scalar reference (`…Reference`, a transcription of ggml's generic C) and a SIMD path
/// that must agree with it (dequantization bit for bit; dot products within float rounding).
///
/// All pointers address whole blocks; `count` is a multiple of `type.blockSize`. One weight
/// row is `type.rowBytes(count)` bytes, one activation row `activation.type.rowBytes(count)`.
package protocol QuantKernel {
    /// The weight type these kernels read.
    static var type: GGMLType { get }
    /// The activation layout `dot` consumes.
    static var activation: ActivationFormat { get }

    /// dst[0..<count] = the weights of `src`, scalar reference.
    static func dequantizeReference(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int)
    /// dst[0..<count] = the weights of `src`, SIMD path.
    static func dequantize(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int)

    /// Σ w[i]·a[i] over one row, scalar reference.
    static func dotReference(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float
    /// Σ w[i]·a[i] over one row, SIMD path.
    static func dot(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float
}
