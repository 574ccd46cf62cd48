/// The key/value pairs of a GGUF header, in file order, with typed accessors.
///
/// Accessors return nil both for a missing key and for a value of another type, so a
/// malicious file cannot make a caller misread a string as a number.
public struct GGUFMetadata: Sendable {
    /// Keys in file order.
    public var keys: [String]
    private var values: [String: GGUFValue]

    /// An empty metadata set.
    public init() {
        keys = []
        values = [:]
    }

    /// Number of pairs.
    public var count: Int { keys.count }

    /// Whether `key` is present.
    public func contains(_ key: String) -> Bool { values[key] != nil }

    /// Adds or replaces a value; a new key goes to the end.
    public mutating func set(_ key: String, _ value: GGUFValue) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
    }

    /// Pairs in file order.
    public var pairs: [(key: String, value: GGUFValue)] {
        keys.compactMap { key in values[key].map { (key, $0) } }
    }

    public subscript(key: String) -> GGUFValue? { values[key] }

    /// A string value.
    public func string(_ key: String) -> String? {
        if case .string(let s)? = values[key] { return s }
        return nil
    }

    /// Any integer value (u8…i64) that fits in `Int`.
    public func int(_ key: String) -> Int? { values[key]?.intValue }

    /// A float value (f32/f64), or an integer converted.
    public func float(_ key: String) -> Float? { values[key]?.floatValue }

    /// A bool value.
    public func bool(_ key: String) -> Bool? {
        if case .bool(let b)? = values[key] { return b }
        return nil
    }

    /// An array value.
    public func array(_ key: String) -> GGUFArray? {
        if case .array(let a)? = values[key] { return a }
        return nil
    }

    /// A string array (e.g. `tokenizer.ggml.tokens`).
    public func stringArray(_ key: String) -> [String]? {
        if case .strings(let a)? = array(key) { return a }
        return nil
    }

    /// An integer array of any integer element type (e.g. `tokenizer.ggml.token_type`).
    public func intArray(_ key: String) -> [Int]? { array(key)?.ints }

    /// A numeric array as floats (e.g. `tokenizer.ggml.scores`).
    public func floatArray(_ key: String) -> [Float]? { array(key)?.floats }
}
