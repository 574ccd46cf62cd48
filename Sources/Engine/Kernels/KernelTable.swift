/// The kernels of each weight type the engine can multiply, one line per type.
///
package enum KernelTable {
    /// The kernels for `type`, or nil when the engine cannot compute with it.
    package static func kernel(for type: GGMLType) -> (any QuantKernel.Type)? {
        switch type {
        case .f32: return F32Kernel.self
        case .f16: return F16Kernel.self
        case .bf16: return BF16Kernel.self
        case .q4_0: return Q4_0Kernel.self
        case .q4_1: return Q4_1Kernel.self
        case .q5_0: return Q5_0Kernel.self
        case .q5_1: return Q5_1Kernel.self
        case .q8_0: return Q8_0Kernel.self
        case .q2_K: return Q2_KKernel.self
        case .q3_K: return Q3_KKernel.self
        case .q4_K: return Q4_KKernel.self
        case .q5_K: return Q5_KKernel.self
        case .q6_K: return Q6_KKernel.self
        default: return nil
        }
    }

    /// ggml's reference quantizer (`quantize_row_*_ref`) writing rows of `type`, for the types the
    /// engine can produce (model import, tests): `(x, dst, count)` writes `type.rowBytes(count)` bytes.
    package static func quantizer(for type: GGMLType)
        -> ((UnsafePointer<Float>, UnsafeMutableRawPointer, Int) -> Void)? {
        switch type {
        case .f32: return F32Kernel.quantize
        case .f16: return F16Kernel.quantize
        case .bf16: return BF16Kernel.quantize
        case .q4_0: return Q4_0Kernel.quantize
        case .q4_1: return Q4_1Kernel.quantize
        case .q5_0: return Q5_0Kernel.quantize
        case .q5_1: return Q5_1Kernel.quantize
        case .q8_0: return Q8_0Kernel.quantize
        case .q2_K: return Q2_KKernel.quantize
        case .q3_K: return Q3_KKernel.quantize
        case .q4_K: return Q4_KKernel.quantize
        case .q5_K: return Q5_KKernel.quantize
        case .q6_K: return Q6_KKernel.quantize
        default: return nil
        }
    }
}

/// Why a tensor cannot be used by the kernels.
package enum KernelError: Error, CustomStringConvertible, Equatable {
    /// No kernel handles this tensor type.
    case unsupportedType(GGMLType)
    /// The row length is not a whole number of the type's blocks.
    case badRowLength(GGMLType, cols: Int)
    /// A negative dimension.
    case badShape(rows: Int, cols: Int)

    package var description: String {
        switch self {
        case .unsupportedType(let t): return "unsupported tensor type \(t.name)"
        case .badRowLength(let t, let cols):
            return "row length \(cols) is not a multiple of the \(t.name) block size \(t.blockSize)"
        case .badShape(let rows, let cols): return "invalid tensor shape [\(cols), \(rows)]"
        }
    }
}

/// Dequantizes one row of `count` elements of `type` (an embedding lookup).
///
/// - Precondition: `type` has a kernel and `count` is a multiple of its block size; `src` holds
///   `type.rowBytes(count)` bytes and `dst` `count` floats.
package func dequantizeRow(_ type: GGMLType, _ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
    guard let kernel = KernelTable.kernel(for: type) else {
        preconditionFailure("dequantizeRow: no kernel for \(type.name)")
    }
    precondition(count % type.blockSize == 0, "dequantizeRow: \(count) is not a whole number of \(type.name) blocks")
    kernel.dequantize(src, dst, count)
}
