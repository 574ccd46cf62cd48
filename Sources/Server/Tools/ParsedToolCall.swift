/// A tool call recovered from a model's text: `message.tool_calls[i].function`.
package struct ParsedToolCall: Equatable, Sendable {
    /// The function's name.
    package var name: String
    /// The arguments object (key order as the model wrote it).
    package var arguments: JSONObject
    /// The position of this call among the calls of the reply (ollama's `function.index`).
    package var index: Int

    package init(name: String, arguments: JSONObject = JSONObject(), index: Int = 0) {
        self.name = name
        self.arguments = arguments
        self.index = index
    }

    /// The calls a parsed JSON value stands for, or nil when it is not a tool call: an object
    /// `{"name", "arguments"|"parameters"}` (arguments may be an object or a JSON string holding
    /// one; absent = `{}`), `{"function": {…}}`, or an array of those.
    ///
    /// - Parameter names: the offered tools; a call to another name is not a call (empty = any).
    static func calls(in value: JSONValue, names: Set<String>) -> [ParsedToolCall]? {
        switch value {
        case .array(let items):
            guard !items.isEmpty else { return nil }
            var out: [ParsedToolCall] = []
            for item in items {
                guard let call = call(in: item, names: names) else { return nil }
                out.append(call)
            }
            return out
        default:
            return call(in: value, names: names).map { [$0] }
        }
    }

    private static func call(in value: JSONValue, names: Set<String>) -> ParsedToolCall? {
        guard let object = value.objectValue else { return nil }
        if let inner = object["function"], object["name"] == nil { return call(in: inner, names: names) }
        guard let name = object["name"]?.stringValue, !name.isEmpty, names.isEmpty || names.contains(name) else { return nil }
        let raw = object["arguments"] ?? object["parameters"]
        switch raw {
        case nil, .null?:
            return ParsedToolCall(name: name)
        case .object(let arguments)?:
            return ParsedToolCall(name: name, arguments: arguments)
        case .string(let text)?:
            guard let arguments = (try? JSONParser().parse(text))?.objectValue else { return nil }
            return ParsedToolCall(name: name, arguments: arguments)
        default:
            return nil
        }
    }
}
