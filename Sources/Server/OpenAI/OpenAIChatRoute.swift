import Foundation

/// `POST /v1/chat/completions` (ollama-api.md §1.8): the chat pipeline in OpenAI's shapes,
/// one `chat.completion` object or `chat.completion.chunk` server-sent events.
enum OpenAIChatRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        router.post("/v1/chat/completions") { request, response in
            try OpenAIHandler.run(response) {
                let req = try OpenAIChatRequest(try request.decodeJSON(JSONValue.self))
                try handle(req, context: context, response: response)
            }
        }
    }

    static func handle(_ req: OpenAIChatRequest, context: ServerContext, response: HTTPResponseWriter) throws {
        let id = OpenAIPipeline.id("chatcmpl")
        let created = OpenAIPipeline.created()
        let model = req.model
        /// One object with the shared fields.
        func envelope(_ object: String, _ rest: [(String, JSONValue)]) -> JSONValue {
            .object(JSONObject([("id", .string(id)), ("object", .string(object)), ("created", .int(created)),
                                ("model", .string(model)), ("system_fingerprint", "fp_ollama")] + rest))
        }
        guard req.stream else {
            var whole = ChatOutputParser.Delta()
            let result = try OpenAIPipeline.chat(req.chatRequest, context: context, response: response) { whole.append($0) }
            let choice: JSONValue = [
                "index": 0,
                "message": message(whole, withIndex: false),
                "finish_reason": .string(result.finishReason),
            ]
            try response.sendAPI(envelope("chat.completion", [("choices", [choice]), ("usage", result.usage)]))
            return
        }
        let sse = OpenAISSE(response: response)
        func chunk(_ delta: JSONValue, finish: String?) -> JSONValue {
            let choice: JSONValue = .object(JSONObject([
                ("index", 0), ("delta", delta), ("finish_reason", finish.map { .string($0) } ?? .null),
            ]))
            return envelope("chat.completion.chunk", [("choices", [choice])])
        }
        let result = try OpenAIPipeline.chat(req.chatRequest, context: context, response: response) { delta in
            try sse.send(chunk(message(delta, withIndex: true), finish: nil))
        }
        if !response.hasStarted {
            // Nothing was generated: still open with the role delta.
            try sse.send(chunk(["role": "assistant", "content": ""], finish: nil))
        }
        try sse.send(chunk(.object(JSONObject()), finish: result.finishReason))
        if req.includeUsage {
            try sse.send(envelope("chat.completion.chunk", [("choices", .array([])), ("usage", result.usage)]))
        }
        try sse.done()
    }

    /// `{"role":"assistant","content","reasoning"?,"tool_calls"?}`: thinking as `reasoning`, tool
    /// calls with an id and their arguments as a JSON string (`index` in stream deltas).
    static func message(_ delta: ChatOutputParser.Delta, withIndex: Bool) -> JSONValue {
        var fields: [(String, JSONValue)] = [("role", "assistant"), ("content", .string(delta.content))]
        if !delta.thinking.isEmpty { fields.append(("reasoning", .string(delta.thinking))) }
        if !delta.calls.isEmpty {
            fields.append(("tool_calls", .array(delta.calls.map {
                $0.openAIToolCall(id: ParsedToolCall.randomID(), withIndex: withIndex)
            })))
        }
        return .object(JSONObject(fields))
    }
}
