/// How the integer quants of a 32-weight block combine with 8-bit activation quants.
enum BlockForm {
    /// w = d·(q − bias), q unsigned (Q4_0: bias 8, Q5_0: bias 16); activations Q8_0.
    case offset(UInt8)
    /// w = d·q + m, q unsigned (Q4_1, Q5_1); activations Q8_1, whose s = d_a·Σqs carries the m term.
    case affine
    /// w = d·q, q signed in −127…127 (Q8_0); activations Q8_0.
    case signed
}

/// A weight type with 32-value blocks whose dot product is integer work on 8-bit quants.
///
/// Each kernel only says how to unpack one block; the dot products (one row, and the
/// multi-row/multi-token tiles of `MatMul`) are written once here, generic over the kernel,
/// and specialized per type by the compiler.
protocol BlockDotKernel: MatMulKernel {
    /// How unpacked quants combine with the activations (a constant).
    static var form: BlockForm { get }
    /// The 32 quants of the block at `block` (in element order; the bit pattern of signed
    /// quants for `.signed`), its scale d, and its min m (0 unless `.affine`).
    static func unpack(_ block: UnsafeRawPointer) -> (q: SIMD32<UInt8>, d: Float, m: Float)
}

extension BlockDotKernel {
    /// Bytes of one activation block (34 for Q8_0, 36 for Q8_1).
    @inline(__always) static var activationBlockBytes: Int { Activation.type.blockBytes }
    /// Offset of the 32 quants inside an activation block.
    @inline(__always) static var activationQuantOffset: Int { Activation.type == .q8_1 ? 4 : 2 }

    /// The integer dot of one weight block's quants with one activation block's quants:
    /// 8 partial sums of Σ q·y (with the bias subtracted for `.offset`).
    @inline(__always)
    static func blockSum(_ q: SIMD32<UInt8>, _ y: SIMD32<Int8>) -> SIMD8<Int32> {
        switch form {
        case .offset(let bias):
            let biased = Int8Ops.maddubs(q, y) &- Int8Ops.maddubs(SIMD32<UInt8>(repeating: bias), y)
            return Int8Ops.pairSum(biased)
        case .affine:
            return Int8Ops.dotUnsigned(q, y)
        case .signed:
            return Int8Ops.dotSigned(q.signedBits, y)
        }
    }

    /// The integer dot used by the `MatMul` tiles: the same as `blockSum` (the bias of `.offset`
    /// kernels is subtracted in integers, as ggml does, so that tiles round exactly like it).
    @inline(__always)
    static func tileSum(_ q: SIMD32<UInt8>, _ y: SIMD32<Int8>) -> SIMD8<Int32> {
        blockSum(q, y)
    }

    /// Σ w·a over one row, SIMD path shared by the block kernels.
    @inline(__always)
    static func blockDot(_ weights: UnsafeRawPointer, _ activations: UnsafeRawPointer, _ count: Int) -> Float {
        let wBytes = type.blockBytes, aBytes = activationBlockBytes, qOffset = activationQuantOffset
        var acc = SIMD8<Float>()
        var mins: Float = 0
        for b in 0..<(count / 32) {
            let (q, d, m) = unpack(weights + b * wBytes)
            let a = activations + b * aBytes
            let y = a.loadUnaligned(fromByteOffset: qOffset, as: SIMD32<Int8>.self)
            let sumi = blockSum(q, y)
            acc.addProduct(SIMD8<Float>(sumi), SIMD8<Float>(repeating: d * Half.load(a, 0)))
            if case .affine = form { mins += m * Half.load(a, 2) }
        }
        return acc.treeSum + mins
    }
}

extension SIMD8 where Scalar == Float {
    /// The Int32 lanes converted to Float (`vcvtdq2ps`).
    @inline(__always)
    init(_ v: SIMD8<Int32>) {
        self.init(Float(v[0]), Float(v[1]), Float(v[2]), Float(v[3]),
                  Float(v[4]), Float(v[5]), Float(v[6]), Float(v[7]))
    }
}
