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
        // Legacy `logprobs: n`: n > 0 asks for the token log-probabilities with n alternatives.
        var logprobs: LogprobCollector?
        if let n = object["logprobs"]?.intValue, n > 0 {
            guard n <= 20 else { throw OpenAIError.invalidRequest("top_logprobs must be between 0 and 20") }
            logprobs = LogprobCollector(top: Int(n))
        }
        let req = GenerateRequest(model: model, prompt: prompt, suffix: object["suffix"]?.stringValue ?? "",
                                  stream: stream, options: options)
        let id = OpenAIPipeline.id("cmpl")
        let created = OpenAIPipeline.created()
        func envelope(_ rest: [(String, JSONValue)]) -> JSONValue {
            .object(JSONObject([("id", .string(id)), ("object", "text_completion"), ("created", .int(created)),
                                ("model", .string(model)), ("system_fingerprint", "fp_ollama")] + rest))
        }
        func choice(_ text: String, finish: String?, logprobs: JSONValue? = nil) -> JSONValue {
            var fields: [(String, JSONValue)] = [("text", .string(text)), ("index", 0)]
            if let logprobs { fields.append(("logprobs", logprobs)) }
            fields.append(("finish_reason", finish.map { .string($0) } ?? .null))
            return .object(JSONObject(fields))
        }
        guard stream else {
            var text = ""
            var entries: [LogprobEntry] = []
            let result = try OpenAIPipeline.generate(req, context: context, response: response,
                                                     logprobs: logprobs) { piece in
                text += piece
                if let logprobs { entries += logprobs.take() }
            }
            let legacy = logprobs.map { _ in LegacyLogprobs(entries, offset: 0).json }
            try response.sendAPI(envelope([("choices", [choice(text, finish: result.finishReason, logprobs: legacy)]),
                                           ("usage", result.usage)]))
            return
        }
        let sse = OpenAISSE(response: response)
        var offset = 0
        let result = try OpenAIPipeline.generate(req, context: context, response: response,
                                                 logprobs: logprobs) { piece in
            var legacy: JSONValue?
            if let logprobs {
                let shape = LegacyLogprobs(logprobs.take(), offset: offset)
                offset = shape.end
                legacy = shape.json
            }
            try sse.send(envelope([("choices", [choice(piece, finish: nil, logprobs: legacy)])]))
        }
        try sse.send(envelope([("choices", [choice("", finish: result.finishReason)])]))
        if includeUsage {
            try sse.send(envelope([("choices", .array([])), ("usage", result.usage)]))
        }
        try sse.done()
    }
}
