import Foundation

/// Keys and values of every layer for the positions seen so far, in half precision
/// (as llama.cpp's default f16 cache).
///
/// Layout per layer: K and V each `[slots, width]` with `width = head_count_kv × head_dim`.
/// A global layer has `slots == capacity`; a sliding-window layer keeps only
/// `window + maxBatch` slots as a ring (position p lives in slot p % slots).
/// K and V are 64-byte (cache line) aligned, and so is each layer's region.
public final class KVCache {
    /// Alignment in bytes of K, V and each layer's region.
    static let alignment = 64
    /// Positions the cache can hold (num_ctx).
    public let capacity: Int
    public let layerCount: Int
    /// Floats per position and layer in K (and in V).
    public let width: Int
    /// Ring size of each layer.
    let slots: [Int]
    /// Start of each layer's K (and V) rows, in elements.
    let offsets: [Int]
    let keys: UnsafeMutablePointer<Float16>  // Σ_layers slots[l] × width
    let values: UnsafeMutablePointer<Float16>  // same shape as keys
    let totalElements: Int
    /// Number of positions stored: the next token goes to position `count`.
    public internal(set) var count = 0

    /// - Parameters:
    ///   - windows: per layer, the sliding window (nil for a global layer).
    ///   - maxBatch: the largest batch `forward` writes at once.
    public init(capacity: Int, layerCount: Int, width: Int, windows: [Int?], maxBatch: Int) {
        precondition(windows.count == layerCount, "one window entry per layer")
        self.capacity = capacity
        self.layerCount = layerCount
        self.width = width
        var slots = [Int]()
        var offsets = [Int]()
        var total = 0
        for w in windows {
            let s = w.map { min(capacity, $0 + maxBatch) } ?? capacity
            slots.append(s)
            offsets.append(total)
            total += s * width
            // Round each layer's region up to whole cache lines.
            let perLine = Self.alignment / MemoryLayout<Float16>.stride
            total = (total + perLine - 1) / perLine * perLine
        }
        self.slots = slots
        self.offsets = offsets
        totalElements = total
        keys = Self.allocateAligned(max(total, 1))
        values = Self.allocateAligned(max(total, 1))
    }

    /// `count` zeroed halves starting on a 64-byte boundary.
    private static func allocateAligned(_ count: Int) -> UnsafeMutablePointer<Float16> {
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: count * MemoryLayout<Float16>.stride, alignment: alignment)
        let halves = raw.bindMemory(to: Float16.self, capacity: count)
        halves.initialize(repeating: 0, count: count)
        return halves
    }

    deinit {
        UnsafeMutableRawPointer(keys).deallocate()
        UnsafeMutableRawPointer(values).deallocate()
    }

    /// Bytes held by K and V.
    public var byteCount: Int { 2 * totalElements * MemoryLayout<Float16>.stride }

    @inline(__always)
    func key(_ layer: Int, _ position: Int) -> UnsafeMutablePointer<Float16> {
        keys + offsets[layer] + (position % slots[layer]) * width
    }

    @inline(__always)
    func value(_ layer: Int, _ position: Int) -> UnsafeMutablePointer<Float16> {
        values + offsets[layer] + (position % slots[layer]) * width
    }

    /// Forgets everything from `position` on (the next token goes to `position`).
    public func truncate(to position: Int) {
        count = max(0, min(count, position))
    }

    /// Marks `n` more positions as written.
    func advance(by n: Int) {
        count += n
    }

    /// Drops positions `keep ..< keep + discard` and moves the later ones down, re-rotating
    /// their keys by `-discard` positions (the context shift of llama.cpp).
    ///
    /// - Parameter rotate: rotates one K row (`width` floats, shape [kv_heads, head_dim]) of a
    ///   layer by a position delta.
    public func shift(
        keep: Int, discard: Int, rotate: (_ layer: Int, _ row: UnsafeMutablePointer<Float>, _ delta: Int) -> Void
    ) {
        precondition(keep >= 0 && discard > 0 && keep + discard <= count, "shift inside the cache")
        let moved = count - keep - discard
        var row = [Float](repeating: 0, count: width)
        for layer in 0..<layerCount {
            let s = slots[layer]
            // Positions still held by this layer (a ring keeps only the last `s`).
            let first = max(keep + discard, count - s)
            guard first < count else { continue }
            let n = count - first
            let kTemp = UnsafeMutablePointer<Float16>.allocate(capacity: n * width)
            let vTemp = UnsafeMutablePointer<Float16>.allocate(capacity: n * width)
            defer {
                kTemp.deallocate()
                vTemp.deallocate()
            }
            for i in 0..<n {
                (kTemp + i * width).update(from: key(layer, first + i), count: width)
                (vTemp + i * width).update(from: value(layer, first + i), count: width)
            }
            row.withUnsafeMutableBufferPointer { r in
                guard let rp = r.baseAddress else { return }
                for i in 0..<n {
                    let src = kTemp + i * width
                    for j in 0..<width { rp[j] = Float(src[j]) }
                    rotate(layer, rp, -discard)
                    VectorOps.toHalf(rp, key(layer, first + i - discard), width)
                    value(layer, first + i - discard).update(from: vTemp + i * width, count: width)
                }
            }
        }
        count = keep + moved
    }
}
