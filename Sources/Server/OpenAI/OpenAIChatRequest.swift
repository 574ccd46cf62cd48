import Foundation

/// A `/v1/chat/completions` request mapped onto the native chat pipeline (ollama's
/// `openai.FromChatRequest`): sampling fields become `options`, `response_format` becomes
/// `format`, content parts become text and images.
struct OpenAIChatRequest {
    var model: String
    var messages: [ChatMessage]
    var stream: Bool
    var includeUsage: Bool
    var options: JSONObject
    var format: JSONValue?
    var tools: [JSONValue]?
    var think: ThinkValue?
    /// `logprobs: true` → how many alternatives per token (`top_logprobs`, 0...20); nil = none.
    var topLogprobs: Int?

    /// Reads the request body; malformed fields are 400 `invalid_request_error`.
    init(_ body: JSONValue) throws {
        guard let object = body.objectValue else { throw OpenAIError.invalidRequest("request body must be a JSON object") }
        model = object["model"]?.stringValue ?? ""
        guard let rawMessages = object["messages"]?.arrayValue else {
            throw OpenAIError.invalidRequest("'messages' is a required property")
        }
        guard !rawMessages.isEmpty else { throw OpenAIError.invalidRequest("[] is too short - 'messages'") }
        var parsed: [ChatMessage] = []
        for raw in rawMessages { parsed.append(try Self.message(raw, earlier: parsed)) }
        messages = parsed
        stream = object["stream"]?.boolValue ?? false
        includeUsage = object["stream_options"]?["include_usage"]?.boolValue ?? false
        options = try OpenAISampling.options(object, maxTokenKeys: ["max_completion_tokens", "max_tokens"])
        format = try Self.format(object["response_format"])
        tools = object["tools"]?.arrayValue
        think = try OpenAISampling.think(object)
        if object["logprobs"]?.boolValue == true {
            let top = object["top_logprobs"]?.intValue.map { Int(clamping: $0) } ?? 0
            guard (0...20).contains(top) else { throw OpenAIError.invalidRequest("top_logprobs must be between 0 and 20") }
            topLogprobs = top
        }
    }

    /// The native request.
    var chatRequest: ChatRequest {
        ChatRequest(model: model, messages: messages, tools: tools, format: format, options: options,
                    stream: stream, think: think)
    }

    /// One message: `content` is a string, null, or a list of parts (`text`, `image_url` as a
    /// base64 `data:` URL); assistant `tool_calls` carry stringified arguments.
    static func message(_ raw: JSONValue, earlier: [ChatMessage]) throws -> ChatMessage {
        guard let object = raw.objectValue else { throw OpenAIError.invalidRequest("invalid message format") }
        let role = (object["role"]?.stringValue ?? "").lowercased()
        var message = ChatMessage(role: role, content: "")
        switch object["content"] ?? .null {
        case .null: break
        case .string(let text): message.content = text
        case .array(let parts):
            var texts: [String] = []
            var images: [String] = []
            for part in parts {
                switch part["type"]?.stringValue {
                case "text":
                    texts.append(part["text"]?.stringValue ?? "")
                case "image_url":
                    let url = part["image_url"]?["url"]?.stringValue ?? part["image_url"]?.stringValue ?? ""
                    images.append(try imageData(url))
                default:
                    throw OpenAIError.invalidRequest("invalid message format")
                }
            }
            message.content = texts.joined(separator: "\n")
            if !images.isEmpty { message.images = images }
        default:
            throw OpenAIError.invalidRequest("invalid message content type")
        }
        if let reasoning = object["reasoning"]?.stringValue ?? object["reasoning_content"]?.stringValue {
            message.thinking = reasoning
        }
        if let calls = object["tool_calls"]?.arrayValue {
            message.toolCalls = calls.enumerated().map { index, call in
                let function = call["function"]
                var arguments = JSONObject()
                if let text = function?["arguments"]?.stringValue {
                    arguments = (try? JSONParser().parse(text))?.objectValue ?? JSONObject()
                } else if let object = function?["arguments"]?.objectValue {
                    arguments = object
                }
                return ToolCall(id: call["id"]?.stringValue,
                                function: .init(index: index, name: function?["name"]?.stringValue ?? "",
                                                arguments: arguments))
            }
        }
        if role == "tool" {
            let id = object["tool_call_id"]?.stringValue
            message.toolCallID = id
            message.toolName = object["name"]?.stringValue ?? earlier.reversed().lazy
                .compactMap { $0.toolCalls?.first { $0.id != nil && $0.id == id }?.function.name }.first
        }
        return message
    }

    /// The base64 payload of a `data:image/…;base64,` URL; remote URLs are refused as ollama does.
    static func imageData(_ url: String) throws -> String {
        if url.hasPrefix("http://") || url.hasPrefix("https://") {
            throw OpenAIError.invalidRequest(
                "image URLs are not currently supported, please use base64 encoded data instead")
        }
        let prefixes = ["data:image/jpeg;base64,", "data:image/jpg;base64,", "data:image/png;base64,",
                        "data:image/webp;base64,", "data:;base64,"]
        for prefix in prefixes where url.hasPrefix(prefix) {
            let payload = String(url.dropFirst(prefix.count))
            guard Data(base64Encoded: payload) != nil else { throw OpenAIError.invalidRequest("invalid image input") }
            return payload
        }
        throw OpenAIError.invalidRequest("invalid image input")
    }

    /// `response_format`: `json_object` → `"json"`, `json_schema` → its `schema`, `text` → none.
    static func format(_ raw: JSONValue?) throws -> JSONValue? {
        guard let raw, !raw.isNull else { return nil }
        switch raw["type"]?.stringValue {
        case "json_object": return .string("json")
        case "json_schema":
            guard let schema = raw["json_schema"]?["schema"], !schema.isNull else { return nil }
            return schema
        case "text", nil: return nil
        case let other?:
            throw OpenAIError.invalidRequest("unsupported response_format type: \(other)")
        }
    }
}
