import Foundation

/// `POST /v1/messages` (Anthropic Messages API, ollama-api.md §1.9): one `message` object or
/// `event: <type>\ndata: <json>\n\n` server-sent events; errors as
/// `{"type":"error","error":{"type","message"},"request_id"}`.
enum AnthropicMessagesRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        router.post("/v1/messages") { request, response in
            do {
                let req = try AnthropicRequest(try request.decodeJSON(JSONValue.self))
                try handle(req, context: context, response: response)
            } catch {
                if case GenerationError.cancelled? = error as? GenerationError, response.isCancelled { return }
                let failure = OpenAIError(error)
                let body = errorBody(failure)
                if response.hasStarted {
                    try? response.write("event: error\ndata: " + body.serialized(escapeHTML: false) + "\n\n")
                    try? response.finish()
                } else {
                    try response.sendAPI(body, status: failure.status)
                }
            }
        }
    }

    /// Anthropic's error `type` for a status.
    static func errorBody(_ failure: OpenAIError) -> JSONValue {
        let type: String
        switch failure.status.code {
        case 400: type = "invalid_request_error"
        case 401: type = "authentication_error"
        case 403: type = "permission_error"
        case 404: type = "not_found_error"
        case 429: type = "rate_limit_error"
        case 503, 529: type = "overloaded_error"
        default: type = "api_error"
        }
        return ["type": "error", "error": ["type": .string(type), "message": .string(failure.message)],
                "request_id": .string("req_" + randomHex())]
    }

    static func randomHex() -> String {
        (0..<12).map { _ in String(UInt8.random(in: 0...255), radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
    }

    /// `end_turn`, `max_tokens` or `tool_use`.
    static func stopReason(_ result: OpenAIPipeline.Result) -> String {
        switch result.finishReason {
        case "length": return "max_tokens"
        case "tool_calls": return "tool_use"
        default: return "end_turn"
        }
    }

    /// A `tool_use` content block: `{"type":"tool_use","id":"toolu_…","name","input":{…}}`.
    static func toolUse(_ call: ParsedToolCall, input: JSONValue? = nil) -> JSONValue {
        .object(JSONObject([("type", "tool_use"), ("id", .string("toolu_" + randomHex())), ("name", .string(call.name)),
                            ("input", input ?? .object(call.arguments))]))
    }

    static func handle(_ req: AnthropicRequest, context: ServerContext, response: HTTPResponseWriter) throws {
        let id = "msg_" + randomHex()
        guard req.stream else {
            var whole = ChatOutputParser.Delta()
            let result = try OpenAIPipeline.chat(req.chatRequest, context: context, response: response) { whole.append($0) }
            var blocks: [JSONValue] = []
            if !whole.content.isEmpty || whole.calls.isEmpty { blocks.append(["type": "text", "text": .string(whole.content)]) }
            blocks += whole.calls.map { toolUse($0) }
            let message: JSONValue = .object(JSONObject([
                ("id", .string(id)), ("type", "message"), ("role", "assistant"), ("model", .string(req.model)),
                ("content", .array(blocks)),
                ("stop_reason", .string(stopReason(result))), ("stop_sequence", nil),
                ("usage", ["input_tokens": .int(Int64(result.promptTokens)),
                           "output_tokens": .int(Int64(result.completionTokens))]),
            ]))
            try response.sendAPI(message)
            return
        }
        func event(_ type: String, _ data: JSONValue) throws {
            if !response.hasStarted {
                var headers = HTTPHeaders()
                headers.set("Content-Type", "text/event-stream")
                headers.set("Cache-Control", "no-cache")
                try response.startStream(.ok, headers: headers)
            }
            try response.write("event: \(type)\ndata: " + data.serialized(escapeHTML: false) + "\n\n")
        }
        var started = false
        func start() throws {
            guard !started else { return }
            started = true
            try event("message_start", ["type": "message_start", "message": .object(JSONObject([
                ("id", .string(id)), ("type", "message"), ("role", "assistant"), ("model", .string(req.model)),
                ("content", .array([])), ("stop_reason", nil), ("stop_sequence", nil),
                ("usage", ["input_tokens": 0, "output_tokens": 0]),
            ]))])
            try event("content_block_start", ["type": "content_block_start", "index": 0,
                                              "content_block": ["type": "text", "text": ""]])
        }
        var calls: [ParsedToolCall] = []
        let result = try OpenAIPipeline.chat(req.chatRequest, context: context, response: response) { delta in
            try start()
            calls += delta.calls
            guard !delta.content.isEmpty else { return }
            try event("content_block_delta", ["type": "content_block_delta", "index": 0,
                                              "delta": ["type": "text_delta", "text": .string(delta.content)]])
        }
        try start()
        try event("content_block_stop", ["type": "content_block_stop", "index": 0])
        for (offset, call) in calls.enumerated() {
            let index = JSONValue.int(Int64(offset + 1))
            try event("content_block_start", ["type": "content_block_start", "index": index,
                                              "content_block": toolUse(call, input: .object(JSONObject()))])
            try event("content_block_delta", [
                "type": "content_block_delta", "index": index,
                "delta": ["type": "input_json_delta",
                          "partial_json": .string(JSONValue.object(call.arguments).serialized(escapeHTML: false))],
            ])
            try event("content_block_stop", ["type": "content_block_stop", "index": index])
        }
        try event("message_delta", [
            "type": "message_delta",
            "delta": ["stop_reason": .string(stopReason(result)), "stop_sequence": nil],
            "usage": ["input_tokens": .int(Int64(result.promptTokens)),
                      "output_tokens": .int(Int64(result.completionTokens))],
        ])
        try event("message_stop", ["type": "message_stop"])
        try response.finish()
    }
}
