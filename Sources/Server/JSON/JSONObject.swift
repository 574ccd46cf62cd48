/// A JSON object that keeps its keys in insertion order.
///
/// Tool parameter `properties` and `format` schemas must come back out in the order the client
/// sent them, so objects are stored as an ordered key list plus a dictionary. Setting an existing
/// key keeps its position (as a duplicate key in a parsed document does: the last value wins,
/// the first position stays, matching Go's `encoding/json` value semantics).
public struct JSONObject: Sendable, Equatable {
    /// The keys, in insertion order.
    public private(set) var keys: [String]
    private var storage: [String: JSONValue]

    /// An empty object.
    public init() {
        keys = []
        storage = [:]
    }

    /// An object holding `pairs` in order; a repeated key keeps its first position and last value.
    public init(_ pairs: [(String, JSONValue)]) {
        self.init()
        keys.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// The number of keys.
    public var count: Int { keys.count }
    /// Whether the object has no keys.
    public var isEmpty: Bool { keys.isEmpty }

    /// The value for `key`; assigning `nil` removes the key.
    public subscript(key: String) -> JSONValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// The values, in key order.
    public var values: [JSONValue] { keys.compactMap { storage[$0] } }

    /// Objects are equal when they hold the same keys and values, in any order
    /// (compare `keys` to check the order too).
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.storage == rhs.storage
    }
}

// MARK: - Sequence

extension JSONObject: Sequence {
    /// Iterates `(key, value)` pairs in insertion order.
    public func makeIterator() -> AnyIterator<(key: String, value: JSONValue)> {
        var index = 0
        return AnyIterator {
            while index < keys.count {
                let key = keys[index]
                index += 1
                if let value = storage[key] { return (key, value) }
            }
            return nil
        }
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// A literal keeps the order in which its pairs are written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}
