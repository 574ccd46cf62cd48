#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// The integer SIMD primitives of the quantized dot products, on 32 quants at a time.
///
/// On x86-64 they are the AVX2 instructions ggml uses (`vpmaddubsw`, `vpmaddwd`, `vpsignb`),
/// reached through the toolchain's clang intrinsics module because LLVM does not form them from
/// Swift's generic SIMD operations (checked with `objdump`: the element-wise Swift versions become
/// shuffles and `vpmullw`). Elsewhere a portable Swift version with the same results runs.
package enum Int8Ops {
    /// Σ of adjacent pairs u[2i]·s[2i] + u[2i+1]·s[2i+1] as 16 Int16 lanes, saturating like
    /// `vpmaddubsw` (callers keep |sum| ≤ 32767, so the saturation never triggers).
    @inline(__always)
    package static func maddubs(_ u: SIMD32<UInt8>, _ s: SIMD32<Int8>) -> SIMD16<Int16> {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        return unsafeBitCast(
            _mm256_maddubs_epi16(unsafeBitCast(u, to: __m256i.self), unsafeBitCast(s, to: __m256i.self)),
            to: SIMD16<Int16>.self)
        #else
        return maddubsPortable(u, s)
        #endif
    }

    /// Σ of adjacent Int16 pairs as 8 Int32 lanes (`vpmaddwd` with ones).
    @inline(__always)
    package static func pairSum(_ x: SIMD16<Int16>) -> SIMD8<Int32> {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        return unsafeBitCast(
            _mm256_madd_epi16(unsafeBitCast(x, to: __m256i.self), _mm256_set1_epi16(1)),
            to: SIMD8<Int32>.self)
        #else
        return pairSumPortable(x)
        #endif
    }

    /// |x| lane-wise as unsigned bytes (x > -128 in all callers).
    @inline(__always)
    package static func abs(_ x: SIMD32<Int8>) -> SIMD32<UInt8> {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        return unsafeBitCast(_mm256_sign_epi8(unsafeBitCast(x, to: __m256i.self), unsafeBitCast(x, to: __m256i.self)),
                             to: SIMD32<UInt8>.self)
        #else
        return signPortable(x, x).unsignedBits
        #endif
    }

    /// y with the sign of x applied lane-wise: y where x > 0, -y where x < 0, 0 where x == 0 (`vpsignb`).
    @inline(__always)
    package static func sign(_ y: SIMD32<Int8>, _ x: SIMD32<Int8>) -> SIMD32<Int8> {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        return unsafeBitCast(_mm256_sign_epi8(unsafeBitCast(y, to: __m256i.self), unsafeBitCast(x, to: __m256i.self)),
                             to: SIMD32<Int8>.self)
        #else
        return signPortable(y, x)
        #endif
    }

    /// Σ x[i]·y[i] of two signed quant vectors as 8 Int32 partial sums (|x|, |y| ≤ 127).
    @inline(__always)
    package static func dotSigned(_ x: SIMD32<Int8>, _ y: SIMD32<Int8>) -> SIMD8<Int32> {
        pairSum(maddubs(abs(x), sign(y, x)))
    }

    /// Σ u[i]·y[i] of unsigned (≤ 127) and signed quants as 8 Int32 partial sums.
    @inline(__always)
    package static func dotUnsigned(_ u: SIMD32<UInt8>, _ y: SIMD32<Int8>) -> SIMD8<Int32> {
        pairSum(maddubs(u, y))
    }

    // MARK: - Portable versions (used off x86-64, and by the tests to check the AVX2 path)

    /// `maddubs` in plain Swift.
    @inline(__always)
    package static func maddubsPortable(_ u: SIMD32<UInt8>, _ s: SIMD32<Int8>) -> SIMD16<Int16> {
        var r = SIMD16<Int16>()
        for i in 0..<16 {
            let v = Int32(u[2 * i]) * Int32(s[2 * i]) + Int32(u[2 * i + 1]) * Int32(s[2 * i + 1])
            r[i] = Int16(Swift.max(-32768, Swift.min(32767, v)))
        }
        return r
    }

    /// `pairSum` in plain Swift.
    @inline(__always)
    package static func pairSumPortable(_ x: SIMD16<Int16>) -> SIMD8<Int32> {
        var r = SIMD8<Int32>()
        for i in 0..<8 { r[i] = Int32(x[2 * i]) + Int32(x[2 * i + 1]) }
        return r
    }

    /// `sign` in plain Swift.
    @inline(__always)
    package static func signPortable(_ y: SIMD32<Int8>, _ x: SIMD32<Int8>) -> SIMD32<Int8> {
        var r = SIMD32<Int8>()
        for i in 0..<32 { r[i] = x[i] > 0 ? y[i] : (x[i] < 0 ? 0 &- y[i] : 0) }
        return r
    }
}

extension SIMD32 where Scalar == Int8 {
    /// The same 32 bytes read as unsigned.
    @inline(__always) var unsignedBits: SIMD32<UInt8> { unsafeBitCast(self, to: SIMD32<UInt8>.self) }
}

extension SIMD32 where Scalar == UInt8 {
    /// The same 32 bytes read as signed.
    @inline(__always) var signedBits: SIMD32<Int8> { unsafeBitCast(self, to: SIMD32<Int8>.self) }
}

extension SIMD8 where Scalar == Float {
    /// Σ of the 8 lanes as a pairwise tree (the order AVX2 reductions use).
    @inline(__always) var treeSum: Float {
        let a = lowHalf + highHalf
        let b = a.lowHalf + a.highHalf
        return b[0] + b[1]
    }
}
