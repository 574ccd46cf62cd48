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
        let logprobs = req.topLogprobs.map { LogprobCollector(top: $0) }
        /// `{"content":[…]}` for the tokens of the text just emitted (nil without `logprobs`).
        func logprobsJSON() -> JSONValue? {
            logprobs.map { ["content": .array($0.take().map(\.openAIChat))] }
        }
        guard req.stream else {
            var whole = ChatOutputParser.Delta()
            var entries: [JSONValue] = []
            let result = try OpenAIPipeline.chat(req.chatRequest, context: context, response: response,
                                                 logprobs: logprobs) { delta in
                whole.append(delta)
                if let logprobs { entries += logprobs.take().map(\.openAIChat) }
            }
            // Tokens whose text the parser kept (tool-call markup) still count.
            if let logprobs { entries += logprobs.take().map(\.openAIChat) }
            var fields: [(String, JSONValue)] = [
                ("index", 0), ("message", message(whole, withIndex: false)),
                ("finish_reason", .string(result.finishReason)),
            ]
            if logprobs != nil { fields.append(("logprobs", ["content": .array(entries)])) }
            let choice = JSONValue.object(JSONObject(fields))
            try response.sendAPI(envelope("chat.completion", [("choices", [choice]), ("usage", result.usage)]))
            return
        }
        let sse = OpenAISSE(response: response)
        func chunk(_ delta: JSONValue, finish: String?, logprobs: JSONValue? = nil) -> JSONValue {
            var fields: [(String, JSONValue)] = [
                ("index", 0), ("delta", delta), ("finish_reason", finish.map { .string($0) } ?? .null),
            ]
            if let logprobs { fields.append(("logprobs", logprobs)) }
            return envelope("chat.completion.chunk", [("choices", [.object(JSONObject(fields))])])
        }
        let result = try OpenAIPipeline.chat(req.chatRequest, context: context, response: response,
                                             logprobs: logprobs) { delta in
            try sse.send(chunk(message(delta, withIndex: true), finish: nil, logprobs: logprobsJSON()))
        }
        if !response.hasStarted {
            // Nothing was generated: still open with the role delta.
            try sse.send(chunk(["role": "assistant", "content": ""], finish: nil))
        }
        let rest = logprobs.map { $0.take() } ?? []
        try sse.send(chunk(.object(JSONObject()), finish: result.finishReason,
                           logprobs: rest.isEmpty ? nil : ["content": .array(rest.map(\.openAIChat))]))
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
