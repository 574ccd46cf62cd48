/// One chat message (ollama's `api.Message`): `role` is `system`, `user`, `assistant` or `tool`.
public struct ChatMessage: Codable, Sendable, Equatable {
    public var role: String
    public var content: String
    public var thinking: String?
    /// Base64 images (standard alphabet, no `data:` prefix).
    public var images: [String]?
    public var toolCalls: [ToolCall]?
    public var toolName: String?
    public var toolCallID: String?

    public init(role: String, content: String, thinking: String? = nil, images: [String]? = nil,
                toolCalls: [ToolCall]? = nil, toolName: String? = nil, toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.thinking = thinking
        self.images = images
        self.toolCalls = toolCalls
        self.toolName = toolName
        self.toolCallID = toolCallID
    }

    enum CodingKeys: String, CodingKey {
        case role, content, thinking, images
        case toolCalls = "tool_calls"
        case toolName = "tool_name"
        case toolCallID = "tool_call_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // ollama lower-cases the role.
        role = (try c.decodeIfPresent(String.self, forKey: .role) ?? "").lowercased()
        content = try c.decodeIfPresent(String.self, forKey: .content) ?? ""
        thinking = try c.decodeIfPresent(String.self, forKey: .thinking)
        images = try c.decodeIfPresent([String].self, forKey: .images)
        toolCalls = try c.decodeIfPresent([ToolCall].self, forKey: .toolCalls)
        toolName = try c.decodeIfPresent(String.self, forKey: .toolName)
        toolCallID = try c.decodeIfPresent(String.self, forKey: .toolCallID)
    }

    /// Go's `omitempty` for everything but `role` and `content`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(role, forKey: .role)
        try c.encode(content, forKey: .content)
        if let thinking, !thinking.isEmpty { try c.encode(thinking, forKey: .thinking) }
        if let images, !images.isEmpty { try c.encode(images, forKey: .images) }
        if let toolCalls, !toolCalls.isEmpty { try c.encode(toolCalls, forKey: .toolCalls) }
        if let toolName, !toolName.isEmpty { try c.encode(toolName, forKey: .toolName) }
        if let toolCallID, !toolCallID.isEmpty { try c.encode(toolCallID, forKey: .toolCallID) }
    }

    /// The message as the template sees it.
    package var promptMessage: PromptMessage {
        PromptMessage(
            role: role, content: content, thinking: thinking ?? "", images: images ?? [],
            toolCalls: (toolCalls ?? []).map {
                PromptToolCall(id: $0.id ?? "", index: $0.function.index ?? 0, name: $0.function.name,
                               arguments: $0.function.arguments)
            },
            toolName: toolName ?? "", toolCallID: toolCallID ?? "")
    }
}
