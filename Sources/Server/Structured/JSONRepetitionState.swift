/// What a JSON document being generated has repeated so far: the keys of each open object and
/// the elements (array items, object values) each open container already holds. It refuses the
/// byte that would complete a duplicate key, or continue a container whose last `repeatLimit`
/// elements each repeat an earlier element of it.
///
/// Why: a grammar is context-free, so it cannot see that `{"a":1,"a":1,…` or `["x","y","x","y",…`
/// goes in circles, and small models do exactly that until the token limit. Neither refusal
/// removes a document a client wants: an object with duplicate keys has no meaning in JSON
/// (parsers keep one of them), and a container whose elements come back verbatim, several in a
/// row, is a loop, not data. The container may still close (the comma is refused, not the
/// bracket), so the document stays valid and complete. Elements that are distinct, and repeats
/// that are not `repeatLimit` in a row (`[1,2,1,3,1]`), are never refused. Object values count
/// only when they are objects or arrays: maps of scalars repeat values legitimately
/// (`{"a":true,"b":true,…}`).
///
/// The state follows the bytes only (strings, escapes, brackets); the grammar guarantees they
/// form a JSON prefix. Keys and elements are compared by a 64-bit FNV-1a hash of their bytes,
/// whitespace outside strings left out, mixed with their length.
package struct JSONRepetitionState {
    /// Elements in a row, each repeating an earlier one, after which a container may only close.
    package static let repeatLimit = 3

    /// Why a byte is refused.
    package enum Refusal: Equatable, Sendable {
        /// It closes a key the enclosing object already has.
        case duplicateKey
        /// It continues an array whose last `repeatLimit` items repeat earlier ones.
        case repeatedItem
        /// It continues an object whose last `repeatLimit` values repeat earlier ones.
        case repeatedValue
    }

    /// One open object or array.
    struct Frame {
        var isArray: Bool
        /// Objects: the next string opened is a key.
        var expectingKey: Bool
        /// Hash, byte count and first byte of the element being written (an object's value
        /// starts after its `:`).
        var element = Hash.offset
        var elementLength = 0
        var elementFirst: UInt8 = 0
        /// How many elements in a row, up to the last one, repeat an earlier element.
        var repeats = 0
    }

    /// FNV-1a, 64 bits.
    enum Hash {
        static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
        static let prime: UInt64 = 0x100_0000_01b3
        @inline(__always)
        static func mix(_ h: UInt64, _ b: UInt8) -> UInt64 { (h ^ UInt64(b)) &* prime }
        /// `h` mixed with a length.
        static func finish(_ h: UInt64, _ length: Int) -> UInt64 {
            var h = h
            var n = UInt64(length)
            for _ in 0..<8 {
                h = mix(h, UInt8(truncatingIfNeeded: n))
                n >>= 8
            }
            return h
        }
    }

    /// The open containers, outermost first.
    private(set) var frames: [Frame] = []
    /// The keys written in each open object (empty for arrays), parallel to `frames`.
    private var keys: [Set<UInt64>] = []
    /// The elements finished in each open container, parallel to `frames`.
    private var elements: [Set<UInt64>] = []
    private var inString = false
    private var escaped = false
    /// Whether the open string is a key, and the hash of its bytes so far.
    private var inKey = false
    private var key = Hash.offset
    private var keyLength = 0

    package init() {}

    /// Whether some object already has a key (a duplicate may come).
    package var hasKeys: Bool { keys.contains { !$0.isEmpty } }

    /// Whether some container has a run of repeated elements long enough that its next comma may
    /// be refused.
    package var hasRun: Bool { frames.contains { $0.repeats >= Self.repeatLimit - 1 } }

    /// The refusal `bytes` run into from here, if any (the state is unchanged).
    package func refusal(_ bytes: [UInt8]) -> Refusal? { refusalAndOffset(bytes)?.refusal }

    /// The refusal `bytes` run into from here and the index of the byte refused, if any.
    package func refusalAndOffset(_ bytes: [UInt8]) -> (refusal: Refusal, offset: Int)? {
        var trial = self
        for (i, b) in bytes.enumerated() {
            if let r = trial.consume(b, record: false) { return (r, i) }
        }
        return nil
    }

    /// Advances over `bytes` (bytes refused are consumed anyway: the caller decided).
    package mutating func advance(_ bytes: [UInt8]) {
        for b in bytes { _ = consume(b, record: true) }
    }

    /// Advances over one byte.
    ///
    /// - Parameter record: whether a finished key joins its object's keys (false in trials,
    ///   which are thrown away and need not copy the key sets).
    /// - Returns: the refusal this byte runs into, if any.
    @inline(__always)
    mutating func consume(_ b: UInt8, record: Bool) -> Refusal? {
        if inString { return consumeInString(b, record: record) }
        switch b {
        case 0x20, 0x0A, 0x0D, 0x09:  // whitespace between tokens: not part of any item
            return nil
        case UInt8(ascii: "\""):
            hashIntoItems(b, below: frames.count)
            inString = true
            if let top = frames.indices.last, !frames[top].isArray, frames[top].expectingKey {
                frames[top].expectingKey = false
                inKey = true
                key = Hash.offset
                keyLength = 0
            }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            hashIntoItems(b, below: frames.count)
            frames.append(Frame(isArray: b == UInt8(ascii: "["), expectingKey: b == UInt8(ascii: "{")))
            keys.append([])
            elements.append([])
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            if let top = frames.indices.last {
                _ = endElement(top, record: false)
                frames.removeLast()
                keys.removeLast()
                elements.removeLast()
            }
            hashIntoItems(b, below: frames.count)
        case UInt8(ascii: ":"):
            guard let top = frames.indices.last else { return nil }
            hashIntoItems(b, below: top)  // the value starts after it
            frames[top].element = Hash.offset
            frames[top].elementLength = 0
        case UInt8(ascii: ","):
            guard let top = frames.indices.last else { return nil }
            hashIntoItems(b, below: top)  // part of the elements of the containers around this one
            let isArray = frames[top].isArray
            if !isArray { frames[top].expectingKey = true }
            if endElement(top, record: record) { return isArray ? .repeatedItem : .repeatedValue }
        default:
            hashIntoItems(b, below: frames.count)
        }
        return nil
    }

    private mutating func consumeInString(_ b: UInt8, record: Bool) -> Refusal? {
        hashIntoItems(b, below: frames.count)
        if !escaped && b == UInt8(ascii: "\"") {
            inString = false
            guard inKey, let top = keys.indices.last else { return nil }
            inKey = false
            let k = Hash.finish(key, keyLength)
            if keys[top].contains(k) { return .duplicateKey }
            if record { keys[top].insert(k) }
            return nil
        }
        escaped = !escaped && b == UInt8(ascii: "\\")
        if inKey {
            key = Hash.mix(key, b)
            keyLength += 1
        }
        return nil
    }

    /// Adds `b` to the element being written in each container among `frames[..<below]`.
    @inline(__always)
    private mutating func hashIntoItems(_ b: UInt8, below: Int) {
        var i = 0
        while i < below {
            if frames[i].elementLength == 0 { frames[i].elementFirst = b }
            frames[i].element = Hash.mix(frames[i].element, b)
            frames[i].elementLength += 1
            i += 1
        }
    }

    /// Finishes the element of container `frames[i]` (nothing for an empty container).
    ///
    /// - Parameter record: whether the element joins the container's elements.
    /// - Returns: whether the container's run of repeated elements has reached `repeatLimit`.
    private mutating func endElement(_ i: Int, record: Bool) -> Bool {
        defer {
            frames[i].element = Hash.offset
            frames[i].elementLength = 0
        }
        guard frames[i].elementLength > 0 else { return false }
        let first = frames[i].elementFirst
        guard frames[i].isArray || first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            frames[i].repeats = 0  // an object's scalar value: not counted
            return false
        }
        let h = Hash.finish(frames[i].element, frames[i].elementLength)
        if elements[i].contains(h) {
            frames[i].repeats += 1
        } else {
            frames[i].repeats = 0
            if record { elements[i].insert(h) }
        }
        return frames[i].repeats >= Self.repeatLimit
    }
}
