/// A little-endian cursor over a byte range that checks every read against the end.
///
/// Release builds use `-Ounchecked`, so this type does its own explicit bounds checks:
/// every read compares the requested length with the bytes left and throws `truncated`.
struct GGUFByteReader {
    let base: UnsafeRawPointer
    let count: Int
    private(set) var position: Int = 0

    init(base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    /// Bytes left after the cursor.
    var remaining: Int { count - position }

    /// Moves the cursor forward by `n` bytes after checking they exist.
    mutating func skip(_ n: Int, _ what: @autoclosure () -> String) throws {
        guard n >= 0, n <= remaining else { throw GGUFError.truncated(what: what()) }
        position += n
    }

    /// Reads a fixed-width little-endian integer.
    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws -> T {
        let size = MemoryLayout<T>.size
        guard size <= remaining else { throw GGUFError.truncated(what: what()) }
        let v = base.loadUnaligned(fromByteOffset: position, as: T.self)
        position += size
        return T(littleEndian: v)
    }

    /// Reads a length that must fit in the remaining bytes given `elementSize` bytes per element.
    mutating func readCount(_ what: @autoclosure () -> String, elementSize: Int) throws -> Int {
        let raw = try read(UInt64.self, what())
        let limit = UInt64(remaining / max(elementSize, 1))
        guard raw <= limit else { throw GGUFError.countTooLarge(what: what(), count: raw) }
        return Int(raw)
    }

    /// Reads a GGUF string (u64 length + UTF-8 bytes; invalid UTF-8 is repaired with U+FFFD).
    mutating func readString(_ what: @autoclosure () -> String) throws -> String {
        let length = try readCount(what(), elementSize: 1)
        let bytes = UnsafeRawBufferPointer(start: base + position, count: length)
        position += length
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Copies `n` fixed-size elements (`n` already bounded) into a new array.
    mutating func readArray<T>(_: T.Type, count n: Int, _ what: @autoclosure () -> String) throws -> [T] {
        let bytes = n * MemoryLayout<T>.stride
        guard bytes <= remaining else { throw GGUFError.truncated(what: what()) }
        let out = [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            if bytes > 0, let dst = buffer.baseAddress {
                UnsafeMutableRawPointer(dst).copyMemory(from: base + position, byteCount: bytes)
            }
            initialized = n
        }
        position += bytes
        return out
    }
}
