import Foundation

/// Encodes `Encodable` types into a `JSONValue` tree: keyed containers keep the order in which
/// keys are encoded (declaration order for synthesized conformances), so the Go-style
/// serializer can then write byte-compatible output.
public struct JSONValueEncoder: Sendable {
    public init() {}

    /// The value tree of `value`.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let impl = Impl(codingPath: [])
        try value.encode(to: impl)
        return impl.node.resolved
    }

    /// The Go-style JSON bytes of `value`.
    public func encodeData<T: Encodable>(_ value: T, escapeHTML: Bool = true) throws -> Data {
        try encode(value).serializedData(escapeHTML: escapeHTML)
    }

    /// A mutable tree node shared between an encoder and its containers.
    final class Node {
        enum Content {
            case empty
            case value(JSONValue)
            case object([(String, Node)])
            case array([Node])
        }

        var content: Content = .empty

        var resolved: JSONValue {
            switch content {
            case .empty: return .object(JSONObject())  // an encode(to:) that wrote nothing
            case .value(let v): return v
            case .object(let members):
                var object = JSONObject()
                for (key, node) in members { object[key] = node.resolved }
                return .object(object)
            case .array(let nodes): return .array(nodes.map(\.resolved))
            }
        }

        func appendMember(_ key: String) -> Node {
            let child = Node()
            if case .object(var members) = content {
                members.append((key, child))
                content = .object(members)
            } else {
                content = .object([(key, child)])
            }
            return child
        }

        func appendElement() -> Node {
            let child = Node()
            if case .array(var nodes) = content {
                nodes.append(child)
                content = .array(nodes)
            } else {
                content = .array([child])
            }
            return child
        }
    }

    /// The `Encoder` writing into one node.
    final class Impl: Encoder {
        let node: Node
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        init(node: Node = Node(), codingPath: [any CodingKey]) {
            self.node = node
            self.codingPath = codingPath
        }

        func store(_ value: JSONValue) { node.content = .value(value) }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object = node.content {} else { node.content = .object([]) }
            return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .array = node.content {} else { node.content = .array([]) }
            return Unkeyed(node: node, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(impl: self) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        let codingPath: [any CodingKey]

        func encodeNil(forKey key: Key) throws { node.appendMember(key.stringValue).content = .value(.null) }
        func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try value.encode(to: Impl(node: node.appendMember(key.stringValue), codingPath: codingPath + [key]))
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            Impl(node: node.appendMember(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
        }
        func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            Impl(node: node.appendMember(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
        }
        func superEncoder() -> any Encoder { Impl(node: node.appendMember("super"), codingPath: codingPath) }
        func superEncoder(forKey key: Key) -> any Encoder {
            Impl(node: node.appendMember(key.stringValue), codingPath: codingPath + [key])
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]
        var count: Int {
            if case .array(let nodes) = node.content { return nodes.count }
            return 0
        }

        func encodeNil() throws { node.appendElement().content = .value(.null) }
        func encode<T: Encodable>(_ value: T) throws {
            try value.encode(to: Impl(node: node.appendElement(), codingPath: codingPath))
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            Impl(node: node.appendElement(), codingPath: codingPath).container(keyedBy: keyType)
        }
        func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            Impl(node: node.appendElement(), codingPath: codingPath).unkeyedContainer()
        }
        func superEncoder() -> any Encoder { Impl(node: node.appendElement(), codingPath: codingPath) }
    }

    struct Single: SingleValueEncodingContainer {
        let impl: Impl
        var codingPath: [any CodingKey] { impl.codingPath }

        func encodeNil() throws { impl.store(.null) }
        func encode(_ value: Bool) throws { impl.store(.bool(value)) }
        func encode(_ value: String) throws { impl.store(.string(value)) }
        func encode(_ value: Double) throws { impl.store(.number(value)) }
        func encode(_ value: Float) throws { impl.store(.number(Double(value))) }
        func encode(_ value: Int) throws { impl.store(.int(Int64(value))) }
        func encode(_ value: Int8) throws { impl.store(.int(Int64(value))) }
        func encode(_ value: Int16) throws { impl.store(.int(Int64(value))) }
        func encode(_ value: Int32) throws { impl.store(.int(Int64(value))) }
        func encode(_ value: Int64) throws { impl.store(.int(value)) }
        func encode(_ value: UInt) throws { impl.store(JSONValueEncoder.unsigned(UInt64(value))) }
        func encode(_ value: UInt8) throws { impl.store(.int(Int64(value))) }
        func encode(_ value: UInt16) throws { impl.store(.int(Int64(value))) }
        func encode(_ value: UInt32) throws { impl.store(.int(Int64(value))) }
        func encode(_ value: UInt64) throws { impl.store(JSONValueEncoder.unsigned(value)) }
        func encode<T: Encodable>(_ value: T) throws { try value.encode(to: impl) }
    }

    static func unsigned(_ value: UInt64) -> JSONValue {
        if let exact = Int64(exactly: value) { return .int(exact) }
        return .number(Double(value))
    }
}
