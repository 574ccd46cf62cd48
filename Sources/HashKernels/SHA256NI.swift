// This module is compiled with `-parse-stdlib` (see Package.swift), which exposes LLVM's x86
// SHA intrinsics as `Builtin.int_x86_*` functions; the standard library must then be imported
// explicitly.
import Swift

/// SHA-256 block compression with the x86 SHA extensions (SHA-NI: `sha256rnds2`, `sha256msg1`,
/// `sha256msg2`), about 5-8x faster than the portable scalar code.
///
/// Callers must check that the CPU has the extensions (`sha_ni` in /proc/cpuinfo's flags)
/// before calling `sha256CompressNI`: on a CPU without them the instructions trap.
///
/// The state lives in two vectors as the instructions want it: `s0` = (F, E, B, A) and
/// `s1` = (H, G, D, C), lane 0 first. Each `rounds2` performs two rounds, taking W[t] + K[t]
/// from the low two lanes of its third operand; the message schedule is a rolling window of
/// four vectors (16 words) advanced with `schedule1`/`schedule2` (σ0 and σ1 parts of the
/// FIPS 180-4 recurrence) plus the W[t-7] term assembled by `alignr4`.
#if arch(x86_64)
@inline(__always)
private func rounds2(_ cdgh: SIMD4<UInt32>, _ abef: SIMD4<UInt32>, _ wk: SIMD4<UInt32>) -> SIMD4<UInt32> {
    unsafeBitCast(
        Builtin.int_x86_sha256rnds2(
            unsafeBitCast(cdgh, to: Builtin.Vec4xInt32.self),
            unsafeBitCast(abef, to: Builtin.Vec4xInt32.self),
            unsafeBitCast(wk, to: Builtin.Vec4xInt32.self)),
        to: SIMD4<UInt32>.self)
}

@inline(__always)
private func schedule1(_ a: SIMD4<UInt32>, _ b: SIMD4<UInt32>) -> SIMD4<UInt32> {
    unsafeBitCast(
        Builtin.int_x86_sha256msg1(
            unsafeBitCast(a, to: Builtin.Vec4xInt32.self), unsafeBitCast(b, to: Builtin.Vec4xInt32.self)),
        to: SIMD4<UInt32>.self)
}

@inline(__always)
private func schedule2(_ a: SIMD4<UInt32>, _ b: SIMD4<UInt32>) -> SIMD4<UInt32> {
    unsafeBitCast(
        Builtin.int_x86_sha256msg2(
            unsafeBitCast(a, to: Builtin.Vec4xInt32.self), unsafeBitCast(b, to: Builtin.Vec4xInt32.self)),
        to: SIMD4<UInt32>.self)
}

/// Lanes (b1, b2, b3, a0): the `palignr` by 4 bytes of a:b.
@inline(__always)
private func alignr4(_ a: SIMD4<UInt32>, _ b: SIMD4<UInt32>) -> SIMD4<UInt32> {
    SIMD4(b[1], b[2], b[3], a[0])
}

/// The high two lanes moved down (what the second `rounds2` of a group consumes).
@inline(__always)
private func highHalf(_ v: SIMD4<UInt32>) -> SIMD4<UInt32> {
    SIMD4(v[2], v[3], v[2], v[3])
}

/// Loads 16 message bytes as four big-endian words (a `pshufb` byte swap within each word).
@inline(__always)
private func loadWords(_ p: UnsafeRawPointer, _ offset: Int) -> SIMD4<UInt32> {
    let raw = p.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)
    let mask = SIMD16<UInt8>(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12)
    return unsafeBitCast(
        Builtin.int_x86_ssse3_pshuf_b_128(
            unsafeBitCast(raw, to: Builtin.Vec16xInt8.self), unsafeBitCast(mask, to: Builtin.Vec16xInt8.self)),
        to: SIMD4<UInt32>.self)
}

/// Compresses `blockCount` consecutive 64-byte blocks at `blocks` into `state` with SHA-NI.
///
/// - Parameters:
///   - state: the eight chaining words H0…H7 (native integers), updated in place.
///   - blocks: `blockCount * 64` readable bytes, any alignment.
///   - blockCount: number of blocks; 0 leaves `state` unchanged.
/// - Precondition: the CPU supports the SHA extensions.
public func sha256CompressNI(state: UnsafeMutablePointer<UInt32>, blocks: UnsafeRawPointer, blockCount: Int) {
    var s0 = SIMD4<UInt32>(state[5], state[4], state[1], state[0])  // F E B A
    var s1 = SIMD4<UInt32>(state[7], state[6], state[3], state[2])  // H G D C
    var p = blocks
    var remaining = blockCount
    while remaining > 0 {
        let save0 = s0, save1 = s1
        var m0 = loadWords(p, 0), m1 = loadWords(p, 16), m2 = loadWords(p, 32), m3 = loadWords(p, 48)
        var msg: SIMD4<UInt32>
            // Rounds 0–3.
            msg = m0 &+ SIMD4<UInt32>(0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5)
            s1 = rounds2(s1, s0, msg)
            s0 = rounds2(s0, s1, highHalf(msg))
            // Rounds 4–7.
            msg = m1 &+ SIMD4<UInt32>(0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5)
            s1 = rounds2(s1, s0, msg)
            s0 = rounds2(s0, s1, highHalf(msg))
            m0 = schedule1(m0, m1)
            // Rounds 8–11.
            msg = m2 &+ SIMD4<UInt32>(0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3)
            s1 = rounds2(s1, s0, msg)
            s0 = rounds2(s0, s1, highHalf(msg))
            m1 = schedule1(m1, m2)
            // Rounds 12–15.
            msg = m3 &+ SIMD4<UInt32>(0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174)
            s1 = rounds2(s1, s0, msg)
            m0 = schedule2(m0 &+ alignr4(m3, m2), m3)
            s0 = rounds2(s0, s1, highHalf(msg))
            m2 = schedule1(m2, m3)
            // Rounds 16–19.
            msg = m0 &+ SIMD4<UInt32>(0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc)
            s1 = rounds2(s1, s0, msg)
            m1 = schedule2(m1 &+ alignr4(m0, m3), m0)
            s0 = rounds2(s0, s1, highHalf(msg))
            m3 = schedule1(m3, m0)
            // Rounds 20–23.
            msg = m1 &+ SIMD4<UInt32>(0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da)
            s1 = rounds2(s1, s0, msg)
            m2 = schedule2(m2 &+ alignr4(m1, m0), m1)
            s0 = rounds2(s0, s1, highHalf(msg))
            m0 = schedule1(m0, m1)
            // Rounds 24–27.
            msg = m2 &+ SIMD4<UInt32>(0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7)
            s1 = rounds2(s1, s0, msg)
            m3 = schedule2(m3 &+ alignr4(m2, m1), m2)
            s0 = rounds2(s0, s1, highHalf(msg))
            m1 = schedule1(m1, m2)
            // Rounds 28–31.
            msg = m3 &+ SIMD4<UInt32>(0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967)
            s1 = rounds2(s1, s0, msg)
            m0 = schedule2(m0 &+ alignr4(m3, m2), m3)
            s0 = rounds2(s0, s1, highHalf(msg))
            m2 = schedule1(m2, m3)
            // Rounds 32–35.
            msg = m0 &+ SIMD4<UInt32>(0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13)
            s1 = rounds2(s1, s0, msg)
            m1 = schedule2(m1 &+ alignr4(m0, m3), m0)
            s0 = rounds2(s0, s1, highHalf(msg))
            m3 = schedule1(m3, m0)
            // Rounds 36–39.
            msg = m1 &+ SIMD4<UInt32>(0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85)
            s1 = rounds2(s1, s0, msg)
            m2 = schedule2(m2 &+ alignr4(m1, m0), m1)
            s0 = rounds2(s0, s1, highHalf(msg))
            m0 = schedule1(m0, m1)
            // Rounds 40–43.
            msg = m2 &+ SIMD4<UInt32>(0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3)
            s1 = rounds2(s1, s0, msg)
            m3 = schedule2(m3 &+ alignr4(m2, m1), m2)
            s0 = rounds2(s0, s1, highHalf(msg))
            m1 = schedule1(m1, m2)
            // Rounds 44–47.
            msg = m3 &+ SIMD4<UInt32>(0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070)
            s1 = rounds2(s1, s0, msg)
            m0 = schedule2(m0 &+ alignr4(m3, m2), m3)
            s0 = rounds2(s0, s1, highHalf(msg))
            m2 = schedule1(m2, m3)
            // Rounds 48–51.
            msg = m0 &+ SIMD4<UInt32>(0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5)
            s1 = rounds2(s1, s0, msg)
            m1 = schedule2(m1 &+ alignr4(m0, m3), m0)
            s0 = rounds2(s0, s1, highHalf(msg))
            m3 = schedule1(m3, m0)
            // Rounds 52–55.
            msg = m1 &+ SIMD4<UInt32>(0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3)
            s1 = rounds2(s1, s0, msg)
            m2 = schedule2(m2 &+ alignr4(m1, m0), m1)
            s0 = rounds2(s0, s1, highHalf(msg))
            // Rounds 56–59.
            msg = m2 &+ SIMD4<UInt32>(0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208)
            s1 = rounds2(s1, s0, msg)
            m3 = schedule2(m3 &+ alignr4(m2, m1), m2)
            s0 = rounds2(s0, s1, highHalf(msg))
            // Rounds 60–63.
            msg = m3 &+ SIMD4<UInt32>(0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2)
            s1 = rounds2(s1, s0, msg)
            s0 = rounds2(s0, s1, highHalf(msg))
        s0 = s0 &+ save0
        s1 = s1 &+ save1
        p += 64
        remaining -= 1
    }
    state[0] = s0[3]; state[1] = s0[2]; state[4] = s0[1]; state[5] = s0[0]
    state[2] = s1[3]; state[3] = s1[2]; state[6] = s1[1]; state[7] = s1[0]
}

/// Whether this build contains the SHA-NI kernel (x86-64 only).
public let sha256NICompiled = true
#else
/// Unavailable on this architecture; never called (`sha256NICompiled` is false).
public func sha256CompressNI(state: UnsafeMutablePointer<UInt32>, blocks: UnsafeRawPointer, blockCount: Int) {
    preconditionFailure("SHA-NI kernel called on a non-x86 build")
}

/// Whether this build contains the SHA-NI kernel (x86-64 only).
public let sha256NICompiled = false
#endif
