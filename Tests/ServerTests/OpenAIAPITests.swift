import Foundation
import Server
import Testing

extension LiveGenerationTests {
    /// The OpenAI-compatible endpoints over a live socket on SmolLM2 (greedy, few tokens).
    @Suite struct OpenAIAPITests {
        /// Status, content type and raw body of a request.
        func send(_ method: HTTPMethod, _ path: String, _ json: String? = nil) throws
            -> (status: Int, type: String, body: String) {
            let live = try GenerationTestServer.get()
            let response = try live.client.http.send(
                method, path, headers: ["Content-Type": "application/json"],
                body: json.map { HTTPClientRequestBody.data(Data($0.utf8)) } ?? HTTPClientRequestBody.none)
            defer { response.close() }
            let body = String(decoding: try response.readAll(), as: UTF8.self)
            return (response.status.code, response.headers["Content-Type"] ?? "", body)
        }

        @Test func nonStreamedChatCompletion() throws {
            let (status, type, body) = try send(.post, "/v1/chat/completions", #"""
                {"model": "smol", "messages": [
                 {"role": "user", "content": [{"type": "text", "text": "What is the capital of France?"}]}],
                 "max_tokens": 24, "temperature": 0, "seed": 7}
                """#)
            #expect(status == 200)
            #expect(type.hasPrefix("application/json"))
            let value = try JSONParser().parse(body)
            #expect(value.objectValue?.keys == ["id", "object", "created", "model", "system_fingerprint", "choices", "usage"])
            #expect(value["id"]?.stringValue?.hasPrefix("chatcmpl-") == true)
            #expect(value["object"] == "chat.completion")
            #expect(value["model"] == "smol")
            #expect(value["system_fingerprint"] == "fp_ollama")
            #expect((value["created"]?.intValue ?? 0) > 1_700_000_000)
            let choice = try #require(value["choices"]?.arrayValue?.first)
            #expect(choice["index"] == 0)
            #expect(choice["message"]?["role"] == "assistant")
            let content = choice["message"]?["content"]?.stringValue ?? ""
            #expect(content.contains("Paris"), "\(content)")
            // The same conversation through the native route gives the same greedy text.
            let native = try GenerationTestServer.get().post("/api/chat", #"{"model": "smol", "messages": [{"role": "user", "content": "What is the capital of France?"}], "stream": false, "options": {"temperature": 0, "num_predict": 24}}"#)
            #expect(native.lines.first?["message"]?["content"]?.stringValue == content)
            #expect(choice["finish_reason"] == "stop" || choice["finish_reason"] == "length")
            let usage = try #require(value["usage"])
            let prompt = usage["prompt_tokens"]?.intValue ?? 0
            let completion = usage["completion_tokens"]?.intValue ?? 0
            #expect(prompt > 10)
            #expect(completion > 0 && completion <= 24)
            #expect(usage["total_tokens"]?.intValue == prompt + completion)
        }

        @Test func maxTokensEndsWithLength() throws {
            let (status, _, body) = try send(.post, "/v1/chat/completions",
                #"{"model": "smol", "messages": [{"role": "user", "content": "Tell me a long story."}], "max_completion_tokens": 3, "temperature": 0}"#)
            #expect(status == 200)
            let value = try JSONParser().parse(body)
            #expect(value["choices"]?.arrayValue?.first?["finish_reason"] == "length")
            #expect(value["usage"]?["completion_tokens"] == 3)
        }

        @Test func streamedChatCompletionWithUsage() throws {
            let (status, type, body) = try send(.post, "/v1/chat/completions",
                #"{"model": "smol", "messages": [{"role": "user", "content": "Say hello."}], "max_tokens": 5, "temperature": 0, "stream": true, "stream_options": {"include_usage": true}}"#)
            #expect(status == 200)
            #expect(type == "text/event-stream")
            // Every event is `data: <payload>\n\n`; the last is `[DONE]`.
            #expect(body.hasSuffix("data: [DONE]\n\n"))
            let events = body.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(events.allSatisfy { $0.hasPrefix("data: ") && !$0.contains("\n") })
            #expect(events.last == "data: [DONE]")
            let chunks = try events.dropLast().map { try JSONParser().parse(String($0.dropFirst(6))) }
            try #require(chunks.count >= 4)
            #expect(Set(chunks.compactMap { $0["id"]?.stringValue }).count == 1)
            #expect(chunks.allSatisfy { $0["object"] == "chat.completion.chunk" })
            #expect(chunks.first?["choices"]?.arrayValue?.first?["delta"]?["role"] == "assistant")
            let content = chunks.dropLast(2).compactMap { $0["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue }
            #expect(content.joined().isEmpty == false)
            #expect(chunks.dropLast(2).allSatisfy { $0["choices"]?.arrayValue?.first?["finish_reason"] == .null })
            let finish = chunks[chunks.count - 2]["choices"]?.arrayValue?.first
            #expect(finish?["delta"] == .object(JSONObject()))
            #expect(finish?["finish_reason"] == "length")
            let usage = try #require(chunks.last)
            #expect(usage["choices"] == .array([]))
            #expect(usage["usage"]?["completion_tokens"] == 5)
        }

        @Test func streamWithoutUsageHasNoUsageChunk() throws {
            let (_, _, body) = try send(.post, "/v1/chat/completions",
                #"{"model": "smol", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 2, "stream": true}"#)
            #expect(body.hasSuffix("data: [DONE]\n\n"))
            #expect(body.contains("\"usage\"") == false)
        }

        @Test(arguments: [
            (#"{"model": "missing", "messages": [{"role": "user", "content": "hi"}]}"#, 404, "not_found_error",
             "model 'missing' not found"),
            (#"{"model": "smol", "messages": []}"#, 400, "invalid_request_error", "[] is too short - 'messages'"),
            (#"{"model": "smol", "messages": [{"role": "user", "content": "hi"}], "stop": 3}"#, 400,
             "invalid_request_error", "invalid type for 'stop' field"),
            (#"{"model": "smol", "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}]}]}"#,
             400, "invalid_request_error", "image URLs are not currently supported, please use base64 encoded data instead"),
            ("{", 400, "invalid_request_error", nil),
        ] as [(String, Int, String, String?)])
        func errorsInOpenAIShape(body: String, status: Int, type: String, message: String?) throws {
            let (code, contentType, text) = try send(.post, "/v1/chat/completions", body)
            #expect(code == status)
            #expect(contentType.hasPrefix("application/json"))
            let value = try JSONParser().parse(text)
            #expect(value.objectValue?.keys == ["error"])
            #expect(value["error"]?.objectValue?.keys == ["message", "type", "param", "code"])
            #expect(value["error"]?["type"]?.stringValue == type)
            #expect(value["error"]?["param"] == .null)
            #expect(value["error"]?["code"] == .null)
            if let message { #expect(value["error"]?["message"]?.stringValue == message) }
        }

        @Test func modelsListAndRetrieve() throws {
            let (status, _, body) = try send(.get, "/v1/models")
            #expect(status == 200)
            let list = try JSONParser().parse(body)
            #expect(list["object"] == "list")
            let entry = try #require(list["data"]?.arrayValue?.first { $0["id"] == "smol:latest" })
            #expect(entry.objectValue?.keys == ["id", "object", "created", "owned_by"])
            #expect(entry["object"] == "model")
            #expect(entry["owned_by"] == "library")
            #expect((entry["created"]?.intValue ?? 0) > 1_700_000_000)

            let (one, _, oneBody) = try send(.get, "/v1/models/smol")
            #expect(one == 200)
            #expect(try JSONParser().parse(oneBody) == entry)
            let (missing, _, missingBody) = try send(.get, "/v1/models/nothing-here")
            #expect(missing == 404)
            #expect(try JSONParser().parse(missingBody)["error"]?["type"] == "not_found_error")
        }

        @Test func textCompletion() throws {
            let (status, _, body) = try send(.post, "/v1/completions",
                #"{"model": "smol", "prompt": "The capital of France is", "max_tokens": 4, "temperature": 0}"#)
            #expect(status == 200)
            let value = try JSONParser().parse(body)
            #expect(value["id"]?.stringValue?.hasPrefix("cmpl-") == true)
            #expect(value["object"] == "text_completion")
            let choice = try #require(value["choices"]?.arrayValue?.first)
            #expect(choice.objectValue?.keys == ["text", "index", "finish_reason"])
            #expect((choice["text"]?.stringValue ?? "").isEmpty == false)
            #expect(choice["finish_reason"] == "length")
            #expect(value["usage"]?["completion_tokens"] == 4)
        }
    }
}
