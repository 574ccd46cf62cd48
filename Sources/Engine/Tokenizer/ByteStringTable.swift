#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A hash table from byte strings to token ids, keyed by exact bytes.
///
/// Swift `String` equality uses canonical equivalence, which would merge distinct tokens such as
/// "é" (U+00E9) and "e" + U+0301; a tokenizer must compare raw bytes, as llama.cpp's
/// `std::unordered_map<std::string, id>` does. All keys live in one arena; lookups take a
/// pointer and a length and allocate nothing.
struct ByteStringTable {
    /// Concatenated bytes of every entry.
    private(set) var arena: [UInt8] = []
    /// `offsets[i]..<offsets[i+1]` are the bytes of entry `i`; count = entries + 1.
    private(set) var offsets: [Int] = [0]
    /// Open-addressing slots holding entry indices, -1 when empty; power-of-two size.
    private var slots: [Int32] = []
    private var mask = 0

    /// Number of entries.
    var count: Int { offsets.count - 1 }

    /// Builds the table from `strings` (entry `i` = `strings[i]`); a repeated string maps to its
    /// last id, as llama.cpp's `token_to_id[text] = id` loop does.
    init(_ strings: [String]) {
        var total = 0
        for s in strings { total += s.utf8.count }
        arena.reserveCapacity(total)
        offsets.reserveCapacity(strings.count + 1)
        for s in strings {
            var s = s
            s.withUTF8 { arena.append(contentsOf: $0) }
            offsets.append(arena.count)
        }
        var capacity = 16
        while capacity < strings.count * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        arena.withUnsafeBufferPointer { a in
            slots.withUnsafeMutableBufferPointer { table in
                for i in 0..<strings.count {
                    let start = offsets[i], end = offsets[i + 1]
                    let key = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(a)[start..<end])
                    var slot = Self.hash(key) & mask
                    while table[slot] >= 0 {
                        let j = Int(table[slot])
                        let other = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(a)[offsets[j]..<offsets[j + 1]])
                        if Self.equal(key, other) { break }
                        slot = (slot + 1) & mask
                    }
                    table[slot] = Int32(i)
                }
            }
        }
    }

    /// The id of the entry equal to `key`, or nil.
    func id(of key: UnsafeRawBufferPointer) -> Int32? {
        arena.withUnsafeBytes { a in
            var slot = Self.hash(key) & mask
            while true {
                let j = Int(slots[slot])
                if j < 0 { return nil }
                if Self.equal(key, UnsafeRawBufferPointer(rebasing: a[offsets[j]..<offsets[j + 1]])) { return Int32(j) }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The id of the entry equal to `bytes`, or nil.
    func id<C: Collection>(of bytes: C) -> Int32? where C.Element == UInt8 {
        if let found = bytes.withContiguousStorageIfAvailable({ id(of: UnsafeRawBufferPointer($0)) }) { return found }
        return Array(bytes).withUnsafeBytes { id(of: $0) }
    }

    /// The bytes of entry `i`.
    func bytes(_ i: Int) -> ArraySlice<UInt8> { arena[offsets[i]..<offsets[i + 1]] }

    /// Byte length of entry `i`.
    func length(_ i: Int) -> Int { offsets[i + 1] - offsets[i] }

    /// FNV-1a, 64-bit.
    @inline(__always)
    static func hash(_ key: UnsafeRawBufferPointer) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in key {
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    @inline(__always)
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        if a.count == 0 { return true }
        guard let pa = a.baseAddress, let pb = b.baseAddress else { return false }
        return memcmp(pa, pb, a.count) == 0
    }
}
