/// An owned, aligned float buffer of fixed size (activations; allocated once per model).
package final class Buffer {
    package let pointer: UnsafeMutablePointer<Float>
    package let count: Int

    package init(_ count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { pointer.deallocate() }
}
