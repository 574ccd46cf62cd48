/// The SHA-256 compression function (FIPS 180-4 §6.2.2), fully unrolled.
///
/// The 64 rounds are written out with the working variables renamed each round instead of
/// shifted, and the message schedule is a rolling window of 16 words held in locals, so a block
/// touches no memory besides its 64 input bytes. The round bodies are generated text
/// (`t1 = h + Σ1(e) + Ch(e,f,g) + K[i] + W[i]; d += t1; h = t1 + Σ0(a) + Maj(a,b,c)`).
extension SHA256 {
    @inline(__always)
    static func sigma0(_ x: UInt32) -> UInt32 { rotr(x, 7) ^ rotr(x, 18) ^ (x &>> 3) }
    @inline(__always)
    static func sigma1(_ x: UInt32) -> UInt32 { rotr(x, 17) ^ rotr(x, 19) ^ (x &>> 10) }
    @inline(__always)
    static func bigSigma0(_ x: UInt32) -> UInt32 { rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22) }
    @inline(__always)
    static func bigSigma1(_ x: UInt32) -> UInt32 { rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25) }
    @inline(__always)
    static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }

    /// Compresses `blockCount` consecutive 64-byte blocks starting at `base` into `state`.
    /// - Parameters:
    ///   - state: the eight chaining words H0…H7.
    ///   - base: `blockCount * 64` readable bytes, any alignment.
    static func compress(_ state: inout State, _ base: UnsafeRawPointer, blockCount: Int) {
        var (a0, b0, c0, d0, e0, f0, g0, h0) = state
        var p = base
        for _ in 0..<blockCount {
            var a = a0, b = b0, c = c0, d = d0, e = e0, f = f0, g = g0, h = h0
            var t1: UInt32
            var w0 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            var w1 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            var w2 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            var w3 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
            var w4 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
            var w5 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
            var w6 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
            var w7 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
            var w8 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
            var w9 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 36, as: UInt32.self))
            var w10 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 40, as: UInt32.self))
            var w11 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 44, as: UInt32.self))
            var w12 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 48, as: UInt32.self))
            var w13 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 52, as: UInt32.self))
            var w14 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 56, as: UInt32.self))
            var w15 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 60, as: UInt32.self))
            t1 = h &+ Self.bigSigma1(e) &+ (g ^ (e & (f ^ g))) &+ 0x428a2f98 &+ w0
            d = d &+ t1
            h = t1 &+ Self.bigSigma0(a) &+ ((a & b) | (c & (a | b)))
            t1 = g &+ Self.bigSigma1(d) &+ (f ^ (d & (e ^ f))) &+ 0x71374491 &+ w1
            c = c &+ t1
            g = t1 &+ Self.bigSigma0(h) &+ ((h & a) | (b & (h | a)))
            t1 = f &+ Self.bigSigma1(c) &+ (e ^ (c & (d ^ e))) &+ 0xb5c0fbcf &+ w2
            b = b &+ t1
            f = t1 &+ Self.bigSigma0(g) &+ ((g & h) | (a & (g | h)))
            t1 = e &+ Self.bigSigma1(b) &+ (d ^ (b & (c ^ d))) &+ 0xe9b5dba5 &+ w3
            a = a &+ t1
            e = t1 &+ Self.bigSigma0(f) &+ ((f & g) | (h & (f | g)))
            t1 = d &+ Self.bigSigma1(a) &+ (c ^ (a & (b ^ c))) &+ 0x3956c25b &+ w4
            h = h &+ t1
            d = t1 &+ Self.bigSigma0(e) &+ ((e & f) | (g & (e | f)))
            t1 = c &+ Self.bigSigma1(h) &+ (b ^ (h & (a ^ b))) &+ 0x59f111f1 &+ w5
            g = g &+ t1
            c = t1 &+ Self.bigSigma0(d) &+ ((d & e) | (f & (d | e)))
            t1 = b &+ Self.bigSigma1(g) &+ (a ^ (g & (h ^ a))) &+ 0x923f82a4 &+ w6
            f = f &+ t1
            b = t1 &+ Self.bigSigma0(c) &+ ((c & d) | (e & (c | d)))
            t1 = a &+ Self.bigSigma1(f) &+ (h ^ (f & (g ^ h))) &+ 0xab1c5ed5 &+ w7
            e = e &+ t1
            a = t1 &+ Self.bigSigma0(b) &+ ((b & c) | (d & (b | c)))
            t1 = h &+ Self.bigSigma1(e) &+ (g ^ (e & (f ^ g))) &+ 0xd807aa98 &+ w8
            d = d &+ t1
            h = t1 &+ Self.bigSigma0(a) &+ ((a & b) | (c & (a | b)))
            t1 = g &+ Self.bigSigma1(d) &+ (f ^ (d & (e ^ f))) &+ 0x12835b01 &+ w9
            c = c &+ t1
            g = t1 &+ Self.bigSigma0(h) &+ ((h & a) | (b & (h | a)))
            t1 = f &+ Self.bigSigma1(c) &+ (e ^ (c & (d ^ e))) &+ 0x243185be &+ w10
            b = b &+ t1
            f = t1 &+ Self.bigSigma0(g) &+ ((g & h) | (a & (g | h)))
            t1 = e &+ Self.bigSigma1(b) &+ (d ^ (b & (c ^ d))) &+ 0x550c7dc3 &+ w11
            a = a &+ t1
            e = t1 &+ Self.bigSigma0(f) &+ ((f & g) | (h & (f | g)))
            t1 = d &+ Self.bigSigma1(a) &+ (c ^ (a & (b ^ c))) &+ 0x72be5d74 &+ w12
            h = h &+ t1
            d = t1 &+ Self.bigSigma0(e) &+ ((e & f) | (g & (e | f)))
            t1 = c &+ Self.bigSigma1(h) &+ (b ^ (h & (a ^ b))) &+ 0x80deb1fe &+ w13
            g = g &+ t1
            c = t1 &+ Self.bigSigma0(d) &+ ((d & e) | (f & (d | e)))
            t1 = b &+ Self.bigSigma1(g) &+ (a ^ (g & (h ^ a))) &+ 0x9bdc06a7 &+ w14
            f = f &+ t1
            b = t1 &+ Self.bigSigma0(c) &+ ((c & d) | (e & (c | d)))
            t1 = a &+ Self.bigSigma1(f) &+ (h ^ (f & (g ^ h))) &+ 0xc19bf174 &+ w15
            e = e &+ t1
            a = t1 &+ Self.bigSigma0(b) &+ ((b & c) | (d & (b | c)))
            w0 = w0 &+ Self.sigma1(w14) &+ w9 &+ Self.sigma0(w1)
            t1 = h &+ Self.bigSigma1(e) &+ (g ^ (e & (f ^ g))) &+ 0xe49b69c1 &+ w0
            d = d &+ t1
            h = t1 &+ Self.bigSigma0(a) &+ ((a & b) | (c & (a | b)))
            w1 = w1 &+ Self.sigma1(w15) &+ w10 &+ Self.sigma0(w2)
            t1 = g &+ Self.bigSigma1(d) &+ (f ^ (d & (e ^ f))) &+ 0xefbe4786 &+ w1
            c = c &+ t1
            g = t1 &+ Self.bigSigma0(h) &+ ((h & a) | (b & (h | a)))
            w2 = w2 &+ Self.sigma1(w0) &+ w11 &+ Self.sigma0(w3)
            t1 = f &+ Self.bigSigma1(c) &+ (e ^ (c & (d ^ e))) &+ 0x0fc19dc6 &+ w2
            b = b &+ t1
            f = t1 &+ Self.bigSigma0(g) &+ ((g & h) | (a & (g | h)))
            w3 = w3 &+ Self.sigma1(w1) &+ w12 &+ Self.sigma0(w4)
            t1 = e &+ Self.bigSigma1(b) &+ (d ^ (b & (c ^ d))) &+ 0x240ca1cc &+ w3
            a = a &+ t1
            e = t1 &+ Self.bigSigma0(f) &+ ((f & g) | (h & (f | g)))
            w4 = w4 &+ Self.sigma1(w2) &+ w13 &+ Self.sigma0(w5)
            t1 = d &+ Self.bigSigma1(a) &+ (c ^ (a & (b ^ c))) &+ 0x2de92c6f &+ w4
            h = h &+ t1
            d = t1 &+ Self.bigSigma0(e) &+ ((e & f) | (g & (e | f)))
            w5 = w5 &+ Self.sigma1(w3) &+ w14 &+ Self.sigma0(w6)
            t1 = c &+ Self.bigSigma1(h) &+ (b ^ (h & (a ^ b))) &+ 0x4a7484aa &+ w5
            g = g &+ t1
            c = t1 &+ Self.bigSigma0(d) &+ ((d & e) | (f & (d | e)))
            w6 = w6 &+ Self.sigma1(w4) &+ w15 &+ Self.sigma0(w7)
            t1 = b &+ Self.bigSigma1(g) &+ (a ^ (g & (h ^ a))) &+ 0x5cb0a9dc &+ w6
            f = f &+ t1
            b = t1 &+ Self.bigSigma0(c) &+ ((c & d) | (e & (c | d)))
            w7 = w7 &+ Self.sigma1(w5) &+ w0 &+ Self.sigma0(w8)
            t1 = a &+ Self.bigSigma1(f) &+ (h ^ (f & (g ^ h))) &+ 0x76f988da &+ w7
            e = e &+ t1
            a = t1 &+ Self.bigSigma0(b) &+ ((b & c) | (d & (b | c)))
            w8 = w8 &+ Self.sigma1(w6) &+ w1 &+ Self.sigma0(w9)
            t1 = h &+ Self.bigSigma1(e) &+ (g ^ (e & (f ^ g))) &+ 0x983e5152 &+ w8
            d = d &+ t1
            h = t1 &+ Self.bigSigma0(a) &+ ((a & b) | (c & (a | b)))
            w9 = w9 &+ Self.sigma1(w7) &+ w2 &+ Self.sigma0(w10)
            t1 = g &+ Self.bigSigma1(d) &+ (f ^ (d & (e ^ f))) &+ 0xa831c66d &+ w9
            c = c &+ t1
            g = t1 &+ Self.bigSigma0(h) &+ ((h & a) | (b & (h | a)))
            w10 = w10 &+ Self.sigma1(w8) &+ w3 &+ Self.sigma0(w11)
            t1 = f &+ Self.bigSigma1(c) &+ (e ^ (c & (d ^ e))) &+ 0xb00327c8 &+ w10
            b = b &+ t1
            f = t1 &+ Self.bigSigma0(g) &+ ((g & h) | (a & (g | h)))
            w11 = w11 &+ Self.sigma1(w9) &+ w4 &+ Self.sigma0(w12)
            t1 = e &+ Self.bigSigma1(b) &+ (d ^ (b & (c ^ d))) &+ 0xbf597fc7 &+ w11
            a = a &+ t1
            e = t1 &+ Self.bigSigma0(f) &+ ((f & g) | (h & (f | g)))
            w12 = w12 &+ Self.sigma1(w10) &+ w5 &+ Self.sigma0(w13)
            t1 = d &+ Self.bigSigma1(a) &+ (c ^ (a & (b ^ c))) &+ 0xc6e00bf3 &+ w12
            h = h &+ t1
            d = t1 &+ Self.bigSigma0(e) &+ ((e & f) | (g & (e | f)))
            w13 = w13 &+ Self.sigma1(w11) &+ w6 &+ Self.sigma0(w14)
            t1 = c &+ Self.bigSigma1(h) &+ (b ^ (h & (a ^ b))) &+ 0xd5a79147 &+ w13
            g = g &+ t1
            c = t1 &+ Self.bigSigma0(d) &+ ((d & e) | (f & (d | e)))
            w14 = w14 &+ Self.sigma1(w12) &+ w7 &+ Self.sigma0(w15)
            t1 = b &+ Self.bigSigma1(g) &+ (a ^ (g & (h ^ a))) &+ 0x06ca6351 &+ w14
            f = f &+ t1
            b = t1 &+ Self.bigSigma0(c) &+ ((c & d) | (e & (c | d)))
            w15 = w15 &+ Self.sigma1(w13) &+ w8 &+ Self.sigma0(w0)
            t1 = a &+ Self.bigSigma1(f) &+ (h ^ (f & (g ^ h))) &+ 0x14292967 &+ w15
            e = e &+ t1
            a = t1 &+ Self.bigSigma0(b) &+ ((b & c) | (d & (b | c)))
            w0 = w0 &+ Self.sigma1(w14) &+ w9 &+ Self.sigma0(w1)
            t1 = h &+ Self.bigSigma1(e) &+ (g ^ (e & (f ^ g))) &+ 0x27b70a85 &+ w0
            d = d &+ t1
            h = t1 &+ Self.bigSigma0(a) &+ ((a & b) | (c & (a | b)))
            w1 = w1 &+ Self.sigma1(w15) &+ w10 &+ Self.sigma0(w2)
            t1 = g &+ Self.bigSigma1(d) &+ (f ^ (d & (e ^ f))) &+ 0x2e1b2138 &+ w1
            c = c &+ t1
            g = t1 &+ Self.bigSigma0(h) &+ ((h & a) | (b & (h | a)))
            w2 = w2 &+ Self.sigma1(w0) &+ w11 &+ Self.sigma0(w3)
            t1 = f &+ Self.bigSigma1(c) &+ (e ^ (c & (d ^ e))) &+ 0x4d2c6dfc &+ w2
            b = b &+ t1
            f = t1 &+ Self.bigSigma0(g) &+ ((g & h) | (a & (g | h)))
            w3 = w3 &+ Self.sigma1(w1) &+ w12 &+ Self.sigma0(w4)
            t1 = e &+ Self.bigSigma1(b) &+ (d ^ (b & (c ^ d))) &+ 0x53380d13 &+ w3
            a = a &+ t1
            e = t1 &+ Self.bigSigma0(f) &+ ((f & g) | (h & (f | g)))
            w4 = w4 &+ Self.sigma1(w2) &+ w13 &+ Self.sigma0(w5)
            t1 = d &+ Self.bigSigma1(a) &+ (c ^ (a & (b ^ c))) &+ 0x650a7354 &+ w4
            h = h &+ t1
            d = t1 &+ Self.bigSigma0(e) &+ ((e & f) | (g & (e | f)))
            w5 = w5 &+ Self.sigma1(w3) &+ w14 &+ Self.sigma0(w6)
            t1 = c &+ Self.bigSigma1(h) &+ (b ^ (h & (a ^ b))) &+ 0x766a0abb &+ w5
            g = g &+ t1
            c = t1 &+ Self.bigSigma0(d) &+ ((d & e) | (f & (d | e)))
            w6 = w6 &+ Self.sigma1(w4) &+ w15 &+ Self.sigma0(w7)
            t1 = b &+ Self.bigSigma1(g) &+ (a ^ (g & (h ^ a))) &+ 0x81c2c92e &+ w6
            f = f &+ t1
            b = t1 &+ Self.bigSigma0(c) &+ ((c & d) | (e & (c | d)))
            w7 = w7 &+ Self.sigma1(w5) &+ w0 &+ Self.sigma0(w8)
            t1 = a &+ Self.bigSigma1(f) &+ (h ^ (f & (g ^ h))) &+ 0x92722c85 &+ w7
            e = e &+ t1
            a = t1 &+ Self.bigSigma0(b) &+ ((b & c) | (d & (b | c)))
            w8 = w8 &+ Self.sigma1(w6) &+ w1 &+ Self.sigma0(w9)
            t1 = h &+ Self.bigSigma1(e) &+ (g ^ (e & (f ^ g))) &+ 0xa2bfe8a1 &+ w8
            d = d &+ t1
            h = t1 &+ Self.bigSigma0(a) &+ ((a & b) | (c & (a | b)))
            w9 = w9 &+ Self.sigma1(w7) &+ w2 &+ Self.sigma0(w10)
            t1 = g &+ Self.bigSigma1(d) &+ (f ^ (d & (e ^ f))) &+ 0xa81a664b &+ w9
            c = c &+ t1
            g = t1 &+ Self.bigSigma0(h) &+ ((h & a) | (b & (h | a)))
            w10 = w10 &+ Self.sigma1(w8) &+ w3 &+ Self.sigma0(w11)
            t1 = f &+ Self.bigSigma1(c) &+ (e ^ (c & (d ^ e))) &+ 0xc24b8b70 &+ w10
            b = b &+ t1
            f = t1 &+ Self.bigSigma0(g) &+ ((g & h) | (a & (g | h)))
            w11 = w11 &+ Self.sigma1(w9) &+ w4 &+ Self.sigma0(w12)
            t1 = e &+ Self.bigSigma1(b) &+ (d ^ (b & (c ^ d))) &+ 0xc76c51a3 &+ w11
            a = a &+ t1
            e = t1 &+ Self.bigSigma0(f) &+ ((f & g) | (h & (f | g)))
            w12 = w12 &+ Self.sigma1(w10) &+ w5 &+ Self.sigma0(w13)
            t1 = d &+ Self.bigSigma1(a) &+ (c ^ (a & (b ^ c))) &+ 0xd192e819 &+ w12
            h = h &+ t1
            d = t1 &+ Self.bigSigma0(e) &+ ((e & f) | (g & (e | f)))
            w13 = w13 &+ Self.sigma1(w11) &+ w6 &+ Self.sigma0(w14)
            t1 = c &+ Self.bigSigma1(h) &+ (b ^ (h & (a ^ b))) &+ 0xd6990624 &+ w13
            g = g &+ t1
            c = t1 &+ Self.bigSigma0(d) &+ ((d & e) | (f & (d | e)))
            w14 = w14 &+ Self.sigma1(w12) &+ w7 &+ Self.sigma0(w15)
            t1 = b &+ Self.bigSigma1(g) &+ (a ^ (g & (h ^ a))) &+ 0xf40e3585 &+ w14
            f = f &+ t1
            b = t1 &+ Self.bigSigma0(c) &+ ((c & d) | (e & (c | d)))
            w15 = w15 &+ Self.sigma1(w13) &+ w8 &+ Self.sigma0(w0)
            t1 = a &+ Self.bigSigma1(f) &+ (h ^ (f & (g ^ h))) &+ 0x106aa070 &+ w15
            e = e &+ t1
            a = t1 &+ Self.bigSigma0(b) &+ ((b & c) | (d & (b | c)))
            w0 = w0 &+ Self.sigma1(w14) &+ w9 &+ Self.sigma0(w1)
            t1 = h &+ Self.bigSigma1(e) &+ (g ^ (e & (f ^ g))) &+ 0x19a4c116 &+ w0
            d = d &+ t1
            h = t1 &+ Self.bigSigma0(a) &+ ((a & b) | (c & (a | b)))
            w1 = w1 &+ Self.sigma1(w15) &+ w10 &+ Self.sigma0(w2)
            t1 = g &+ Self.bigSigma1(d) &+ (f ^ (d & (e ^ f))) &+ 0x1e376c08 &+ w1
            c = c &+ t1
            g = t1 &+ Self.bigSigma0(h) &+ ((h & a) | (b & (h | a)))
            w2 = w2 &+ Self.sigma1(w0) &+ w11 &+ Self.sigma0(w3)
            t1 = f &+ Self.bigSigma1(c) &+ (e ^ (c & (d ^ e))) &+ 0x2748774c &+ w2
            b = b &+ t1
            f = t1 &+ Self.bigSigma0(g) &+ ((g & h) | (a & (g | h)))
            w3 = w3 &+ Self.sigma1(w1) &+ w12 &+ Self.sigma0(w4)
            t1 = e &+ Self.bigSigma1(b) &+ (d ^ (b & (c ^ d))) &+ 0x34b0bcb5 &+ w3
            a = a &+ t1
            e = t1 &+ Self.bigSigma0(f) &+ ((f & g) | (h & (f | g)))
            w4 = w4 &+ Self.sigma1(w2) &+ w13 &+ Self.sigma0(w5)
            t1 = d &+ Self.bigSigma1(a) &+ (c ^ (a & (b ^ c))) &+ 0x391c0cb3 &+ w4
            h = h &+ t1
            d = t1 &+ Self.bigSigma0(e) &+ ((e & f) | (g & (e | f)))
            w5 = w5 &+ Self.sigma1(w3) &+ w14 &+ Self.sigma0(w6)
            t1 = c &+ Self.bigSigma1(h) &+ (b ^ (h & (a ^ b))) &+ 0x4ed8aa4a &+ w5
            g = g &+ t1
            c = t1 &+ Self.bigSigma0(d) &+ ((d & e) | (f & (d | e)))
            w6 = w6 &+ Self.sigma1(w4) &+ w15 &+ Self.sigma0(w7)
            t1 = b &+ Self.bigSigma1(g) &+ (a ^ (g & (h ^ a))) &+ 0x5b9cca4f &+ w6
            f = f &+ t1
            b = t1 &+ Self.bigSigma0(c) &+ ((c & d) | (e & (c | d)))
            w7 = w7 &+ Self.sigma1(w5) &+ w0 &+ Self.sigma0(w8)
            t1 = a &+ Self.bigSigma1(f) &+ (h ^ (f & (g ^ h))) &+ 0x682e6ff3 &+ w7
            e = e &+ t1
            a = t1 &+ Self.bigSigma0(b) &+ ((b & c) | (d & (b | c)))
            w8 = w8 &+ Self.sigma1(w6) &+ w1 &+ Self.sigma0(w9)
            t1 = h &+ Self.bigSigma1(e) &+ (g ^ (e & (f ^ g))) &+ 0x748f82ee &+ w8
            d = d &+ t1
            h = t1 &+ Self.bigSigma0(a) &+ ((a & b) | (c & (a | b)))
            w9 = w9 &+ Self.sigma1(w7) &+ w2 &+ Self.sigma0(w10)
            t1 = g &+ Self.bigSigma1(d) &+ (f ^ (d & (e ^ f))) &+ 0x78a5636f &+ w9
            c = c &+ t1
            g = t1 &+ Self.bigSigma0(h) &+ ((h & a) | (b & (h | a)))
            w10 = w10 &+ Self.sigma1(w8) &+ w3 &+ Self.sigma0(w11)
            t1 = f &+ Self.bigSigma1(c) &+ (e ^ (c & (d ^ e))) &+ 0x84c87814 &+ w10
            b = b &+ t1
            f = t1 &+ Self.bigSigma0(g) &+ ((g & h) | (a & (g | h)))
            w11 = w11 &+ Self.sigma1(w9) &+ w4 &+ Self.sigma0(w12)
            t1 = e &+ Self.bigSigma1(b) &+ (d ^ (b & (c ^ d))) &+ 0x8cc70208 &+ w11
            a = a &+ t1
            e = t1 &+ Self.bigSigma0(f) &+ ((f & g) | (h & (f | g)))
            w12 = w12 &+ Self.sigma1(w10) &+ w5 &+ Self.sigma0(w13)
            t1 = d &+ Self.bigSigma1(a) &+ (c ^ (a & (b ^ c))) &+ 0x90befffa &+ w12
            h = h &+ t1
            d = t1 &+ Self.bigSigma0(e) &+ ((e & f) | (g & (e | f)))
            w13 = w13 &+ Self.sigma1(w11) &+ w6 &+ Self.sigma0(w14)
            t1 = c &+ Self.bigSigma1(h) &+ (b ^ (h & (a ^ b))) &+ 0xa4506ceb &+ w13
            g = g &+ t1
            c = t1 &+ Self.bigSigma0(d) &+ ((d & e) | (f & (d | e)))
            w14 = w14 &+ Self.sigma1(w12) &+ w7 &+ Self.sigma0(w15)
            t1 = b &+ Self.bigSigma1(g) &+ (a ^ (g & (h ^ a))) &+ 0xbef9a3f7 &+ w14
            f = f &+ t1
            b = t1 &+ Self.bigSigma0(c) &+ ((c & d) | (e & (c | d)))
            w15 = w15 &+ Self.sigma1(w13) &+ w8 &+ Self.sigma0(w0)
            t1 = a &+ Self.bigSigma1(f) &+ (h ^ (f & (g ^ h))) &+ 0xc67178f2 &+ w15
            e = e &+ t1
            a = t1 &+ Self.bigSigma0(b) &+ ((b & c) | (d & (b | c)))
            a0 = a0 &+ a; b0 = b0 &+ b; c0 = c0 &+ c; d0 = d0 &+ d
            e0 = e0 &+ e; f0 = f0 &+ f; g0 = g0 &+ g; h0 = h0 &+ h
            p += 64
        }
        state = (a0, b0, c0, d0, e0, f0, g0, h0)
    }
}
