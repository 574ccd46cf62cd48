import Foundation

/// A `/v1/messages` request (Anthropic Messages API) mapped onto the native chat pipeline
/// (ollama-api.md §1.9): `system` first, content blocks to text, images, tool calls and results.
struct AnthropicRequest {
    var model: String
    var messages: [ChatMessage]
    var stream: Bool
    var options: JSONObject
    var tools: [JSONValue]?
    var think: ThinkValue?

    init(_ body: JSONValue) throws {
        guard let object = body.objectValue else { throw OpenAIError.invalidRequest("invalid request body") }
        model = object["model"]?.stringValue ?? ""
        guard !model.isEmpty else { throw OpenAIError.invalidRequest("model is required") }
        guard let maxTokens = object["max_tokens"]?.intValue, maxTokens > 0 else {
            throw OpenAIError.invalidRequest("max_tokens is required and must be positive")
        }
        guard let raw = object["messages"]?.arrayValue, !raw.isEmpty else {
            throw OpenAIError.invalidRequest("messages is required")
        }
        var messages: [ChatMessage] = []
        switch object["system"] ?? .null {
        case .string(let text) where !text.isEmpty:
            messages.append(ChatMessage(role: "system", content: text))
        case .array(let blocks):
            let text = blocks.compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
            if !text.isEmpty { messages.append(ChatMessage(role: "system", content: text)) }
        default: break
        }
        for message in raw { messages += try Self.messages(message) }
        self.messages = messages
        stream = object["stream"]?.boolValue ?? false
        var options = JSONObject()
        options["num_predict"] = .int(maxTokens)
        for key in ["temperature", "top_p", "top_k"] {
            if let value = object[key], !value.isNull { options[key] = value }
        }
        if let stops = object["stop_sequences"]?.arrayValue, !stops.isEmpty { options["stop"] = .array(stops) }
        self.options = options
        tools = object["tools"]?.arrayValue.map { tools in
            tools.map { tool -> JSONValue in
                var function = JSONObject()
                function["name"] = tool["name"] ?? .string("")
                if let description = tool["description"] { function["description"] = description }
                function["parameters"] = tool["input_schema"] ?? .object(JSONObject())
                return ["type": "function", "function": .object(function)]
            }
        }
        switch object["thinking"]?["type"]?.stringValue {
        case "enabled": think = .enabled(true)
        case "disabled": think = .enabled(false)
        default: think = nil
        }
    }

    /// The native request.
    var chatRequest: ChatRequest {
        ChatRequest(model: model, messages: messages, tools: tools, options: options, stream: stream, think: think)
    }

    /// One Anthropic message; `tool_result` blocks become separate `tool` messages.
    static func messages(_ raw: JSONValue) throws -> [ChatMessage] {
        let role = (raw["role"]?.stringValue ?? "").lowercased()
        guard role == "user" || role == "assistant" else {
            throw OpenAIError.invalidRequest("invalid message role: \(role)")
        }
        switch raw["content"] ?? .null {
        case .string(let text):
            return [ChatMessage(role: role, content: text)]
        case .array(let blocks):
            var message = ChatMessage(role: role, content: "")
            var texts: [String] = []
            var results: [ChatMessage] = []
            for block in blocks {
                switch block["type"]?.stringValue {
                case "text":
                    texts.append(block["text"]?.stringValue ?? "")
                case "image":
                    guard block["source"]?["type"]?.stringValue == "base64",
                          let data = block["source"]?["data"]?.stringValue
                    else { throw OpenAIError.invalidRequest("only base64 image sources are supported") }
                    message.images = (message.images ?? []) + [data]
                case "tool_use":
                    let call = ToolCall(id: block["id"]?.stringValue, function: .init(
                        index: message.toolCalls?.count ?? 0, name: block["name"]?.stringValue ?? "",
                        arguments: block["input"]?.objectValue ?? JSONObject()))
                    message.toolCalls = (message.toolCalls ?? []) + [call]
                case "tool_result":
                    let content: String
                    switch block["content"] ?? .null {
                    case .string(let text): content = text
                    case .array(let parts): content = parts.compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
                    default: content = ""
                    }
                    results.append(ChatMessage(role: "tool", content: content,
                                               toolCallID: block["tool_use_id"]?.stringValue))
                case "thinking":
                    message.thinking = block["thinking"]?.stringValue
                default:
                    throw OpenAIError.invalidRequest("invalid content block type")
                }
            }
            message.content = texts.joined(separator: "\n")
            let keep = !message.content.isEmpty || message.images != nil || message.toolCalls != nil || results.isEmpty
            return (keep ? [message] : []) + results
        default:
            throw OpenAIError.invalidRequest("invalid message content")
        }
    }
}
