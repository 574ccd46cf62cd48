/// Where a tensor lives in a GGUF file, validated when the file was opened.
public struct GGUFTensorInfo: Sendable, Equatable {
    /// The tensor name (`blk.0.attn_q.weight`).
    public let name: String
    /// ggml order: `shape[0]` = ne0 = row length (contiguous), then ne1 (rows), …; 1 to 4 entries, each > 0.
    public let shape: [Int]
    /// Element type.
    public let type: GGMLType
    /// Absolute offset of the first byte in the file (aligned).
    public let offset: Int
    /// Bytes of data: `type.rowBytes(shape[0]) * shape[1...].product`.
    public let byteCount: Int

    public init(name: String, shape: [Int], type: GGMLType, offset: Int, byteCount: Int) {
        self.name = name
        self.shape = shape
        self.type = type
        self.offset = offset
        self.byteCount = byteCount
    }

    /// Number of elements (product of the shape; checked against overflow at open).
    public var elementCount: Int { shape.reduce(1, *) }

    /// Number of rows (product of shape[1...]).
    public var rowCount: Int { shape.dropFirst().reduce(1, *) }

    /// Bytes of one row of `shape[0]` elements.
    public var rowBytes: Int { shape.isEmpty ? 0 : (type.rowBytes(shape[0]) ?? 0) }
}
