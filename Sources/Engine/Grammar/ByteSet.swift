/// A set of byte values (256 bits), the alphabet unit of a grammar.
package struct ByteSet: Hashable, Sendable {
    /// Bit `b & 63` of word `b >> 6` says whether byte `b` is in the set.
    package var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    package init() {}

    /// The set holding exactly `bytes`.
    package init<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        for b in bytes { insert(b) }
    }

    /// The bytes `lower...upper`.
    package init(range: ClosedRange<UInt8>) {
        for b in range { insert(b) }
    }

    /// Every byte.
    package static var all: ByteSet {
        var s = ByteSet()
        s.words = (.max, .max, .max, .max)
        return s
    }

    package func contains(_ b: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    package mutating func insert(_ b: UInt8) {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    package mutating func remove(_ b: UInt8) {
        let bit = ~(UInt64(1) << UInt64(b & 63))
        switch b >> 6 {
        case 0: words.0 &= bit
        case 1: words.1 &= bit
        case 2: words.2 &= bit
        default: words.3 &= bit
        }
    }

    package func union(_ o: ByteSet) -> ByteSet {
        var s = ByteSet()
        s.words = (words.0 | o.words.0, words.1 | o.words.1, words.2 | o.words.2, words.3 | o.words.3)
        return s
    }

    package func intersection(_ o: ByteSet) -> ByteSet {
        var s = ByteSet()
        s.words = (words.0 & o.words.0, words.1 & o.words.1, words.2 & o.words.2, words.3 & o.words.3)
        return s
    }

    package func subtracting(_ o: ByteSet) -> ByteSet {
        var s = ByteSet()
        s.words = (words.0 & ~o.words.0, words.1 & ~o.words.1, words.2 & ~o.words.2, words.3 & ~o.words.3)
        return s
    }

    package var isEmpty: Bool { words.0 | words.1 | words.2 | words.3 == 0 }

    package var count: Int {
        words.0.nonzeroBitCount + words.1.nonzeroBitCount + words.2.nonzeroBitCount + words.3.nonzeroBitCount
    }

    package static func == (a: ByteSet, b: ByteSet) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    package func hash(into h: inout Hasher) {
        h.combine(words.0)
        h.combine(words.1)
        h.combine(words.2)
        h.combine(words.3)
    }
}
