import Foundation

/// `POST /v1/completions` (ollama-api.md §1.8): a prompt (and optional `suffix`) completed,
/// as one `text_completion` object or server-sent chunks.
enum OpenAICompletionsRoute: RouteGroup {
    static func register(on router: Router, context: ServerContext) {
        router.post("/v1/completions") { request, response in
            try OpenAIHandler.run(response) {
                try handle(try request.decodeJSON(JSONValue.self), context: context, response: response)
            }
        }
    }

    static func handle(_ body: JSONValue, context: ServerContext, response: HTTPResponseWriter) throws {
        guard let object = body.objectValue else { throw OpenAIError.invalidRequest("request body must be a JSON object") }
        guard let prompt = object["prompt"]?.stringValue else {
            throw OpenAIError.invalidRequest("invalid type for 'prompt' field: only string is supported")
        }
        let model = object["model"]?.stringValue ?? ""
        let stream = object["stream"]?.boolValue ?? false
        let includeUsage = object["stream_options"]?["include_usage"]?.boolValue ?? false
        var options = try OpenAISampling.options(object, maxTokenKeys: ["max_tokens"])
        // ollama: top_p 0 means 1.0 here.
        if options["top_p"]?.doubleValue == 0 { options["top_p"] = .number(1.0) }
        let req = GenerateRequest(model: model, prompt: prompt, suffix: object["suffix"]?.stringValue ?? "",
                                  stream: stream, options: options)
        let id = OpenAIPipeline.id("cmpl")
        let created = OpenAIPipeline.created()
        func envelope(_ rest: [(String, JSONValue)]) -> JSONValue {
            .object(JSONObject([("id", .string(id)), ("object", "text_completion"), ("created", .int(created)),
                                ("model", .string(model)), ("system_fingerprint", "fp_ollama")] + rest))
        }
        func choice(_ text: String, finish: String?) -> JSONValue {
            .object(JSONObject([("text", .string(text)), ("index", 0),
                                ("finish_reason", finish.map { .string($0) } ?? .null)]))
        }
        guard stream else {
            var text = ""
            let result = try OpenAIPipeline.generate(req, context: context, response: response) { text += $0 }
            try response.sendAPI(envelope([("choices", [choice(text, finish: result.finishReason)]),
                                           ("usage", result.usage)]))
            return
        }
        let sse = OpenAISSE(response: response)
        let result = try OpenAIPipeline.generate(req, context: context, response: response) { piece in
            try sse.send(envelope([("choices", [choice(piece, finish: nil)])]))
        }
        try sse.send(envelope([("choices", [choice("", finish: result.finishReason)])]))
        if includeUsage {
            try sse.send(envelope([("choices", .array([])), ("usage", result.usage)]))
        }
        try sse.done()
    }
}
