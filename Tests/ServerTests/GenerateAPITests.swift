import Foundation
import Server
import Testing

extension LiveGenerationTests {
    /// The `/api/generate` examples of ollama's API docs, sent byte for byte as curl would (model
    /// name replaced), against a live server running SmolLM2.
    @Suite struct GenerateAPITests {
        @Test func streamedGenerateEndsWithStats() throws {
            let live = try GenerationTestServer.get()
            let (status, lines) = try live.post("/api/generate", #"{"model": "smol", "prompt": "Why is the sky blue?", "options": {"num_predict": 24, "temperature": 0}}"#)
            #expect(status == 200)
            #expect(lines.count > 2)
            for chunk in lines.dropLast() {
                #expect(chunk["model"] == "smol")
                #expect(chunk["done"] == false)
                #expect(chunk["created_at"]?.stringValue?.hasSuffix("Z") == true)
            }
            let last = try #require(lines.last)
            #expect(last["done"] == true)
            #expect(last["done_reason"] == "length")
            #expect(last["eval_count"] == 24)
            #expect((last["prompt_eval_count"]?.intValue ?? 0) > 5)
            for key in ["total_duration", "load_duration", "prompt_eval_duration", "eval_duration"] {
                #expect((last[key]?.intValue ?? 0) > 0, "\(key)")
            }
            #expect((last["context"]?.arrayValue?.count ?? 0) == (last["prompt_eval_count"]?.intValue).map { Int($0) + 24 })
            #expect(JSONValue.text(of: lines).count > 20)
        }
    }
}

extension LiveGenerationTests.GenerateAPITests {
    @Test func nonStreamedGenerateIsOneObject() throws {
        let live = try GenerationTestServer.get()
        let (status, lines) = try live.post("/api/generate", #"{"model": "smol", "prompt": "Why is the sky blue?", "stream": false, "options": {"num_predict": 16}}"#)
        #expect(status == 200)
        #expect(lines.count == 1)
        let answer = try #require(lines.first)
        #expect(answer["done"] == true)
        #expect((answer["response"]?.stringValue ?? "").count > 10)
        #expect(answer["context"]?.arrayValue?.isEmpty == false)
        #expect(answer["eval_count"] == 16)
    }

    /// The docs' "request with options" payload (every option, deprecated and unknown ones too);
    /// its stop list `["\n", "user:"]` must hold.
    @Test func generateWithEveryOption() throws {
        let live = try GenerationTestServer.get()
        let body = #"""
            {"model": "smol", "prompt": "Why is the sky blue?", "stream": false,
             "options": {"num_keep": 5, "seed": 42, "num_predict": 100, "top_k": 20, "top_p": 0.9, "min_p": 0.0,
               "typical_p": 0.7, "repeat_last_n": 33, "temperature": 0.8, "repeat_penalty": 1.2,
               "presence_penalty": 1.5, "frequency_penalty": 1.0, "penalize_newline": true, "stop": ["\n", "user:"],
               "numa": false, "num_ctx": 1024, "num_batch": 2, "num_gpu": 1, "main_gpu": 0, "use_mmap": true,
               "num_thread": 2}}
            """#
        let (status, lines) = try live.post("/api/generate", body)
        #expect(status == 200)
        let answer = try #require(lines.first)
        let text = answer["response"]?.stringValue ?? "<missing>"
        #expect(!text.contains("\n"))
        #expect(!text.contains("user:"))
        #expect(answer["done"] == true)
        let ps = try live.client.ps()
        #expect(ps.models.first?.contextLength == 1024)
    }

    @Test func systemPromptReachesTheModel() throws {
        let live = try GenerationTestServer.get()
        let plain = try live.post("/api/generate", #"{"model": "smol", "prompt": "Hello", "stream": false, "options": {"num_predict": 1}}"#)
        let withSystem = try live.post("/api/generate", #"{"model": "smol", "prompt": "Hello", "system": "You are a pirate. Answer like one.", "stream": false, "options": {"num_predict": 1}}"#)
        let base = plain.lines.first?["prompt_eval_count"]?.intValue ?? 0
        let more = withSystem.lines.first?["prompt_eval_count"]?.intValue ?? 0
        #expect(base > 0)
        #expect(more > base + 8)
    }

    @Test func rawModeSkipsTheTemplateAndContext() throws {
        let live = try GenerationTestServer.get()
        let (status, lines) = try live.post("/api/generate", #"{"model": "smol", "prompt": "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n", "raw": true, "stream": false, "options": {"num_predict": 8, "temperature": 0}}"#)
        #expect(status == 200)
        let answer = try #require(lines.first)
        #expect(answer["context"] == nil)
        #expect((answer["response"]?.stringValue ?? "").isEmpty == false)
        // The special tokens were parsed: the raw prompt is short.
        #expect((answer["prompt_eval_count"]?.intValue ?? 99) < 20)
    }

    @Test(arguments: [
        (#"{"model": "smol", "prompt": "hi", "raw": true, "system": "x"}"#, 400, "raw mode does not support template, system, or context"),
        (#"{"model": "smol", "prompt": "hi", "format": "xml"}"#, 400, #"invalid format: "\"xml\""; expected "json" or a valid JSON Schema object"#),
        (#"{"model": "smol", "prompt": "hi", "images": ["iVBORw0KGgo="]}"#, 400, "registry.ollama.ai/library/smol:latest does not support vision"),
        (#"{"model": "smol", "prompt": "def f(", "suffix": "    return x"}"#, 400, "registry.ollama.ai/library/smol:latest does not support insert"),
        (#"{"model": "smol", "prompt": "hi", "think": true}"#, 400, #""smol" does not support thinking"#),
        (#"{"model": "smol", "prompt": "hi", "think": "bogus"}"#, 400, #"invalid think value: "bogus" (must be "high", "medium", "low", "max", true, or false)"#),
        (#"{"model": "nope", "prompt": "hi"}"#, 404, "model 'nope' not found"),
        (#"{"model": "", "prompt": "hi"}"#, 404, "model '' not found"),
        (#"{"model": "smol", "prompt": "hi", "options": {"stop": "x"}}"#, 500, #"option "stop" must be of type array"#),
        (#"{"model": "smol", "prompt": "hi", "options": {"temperature": "hot"}}"#, 500, #"option "temperature" must be of type float32"#),
        (#"{"model": "smol", "prompt": "hi", "top_logprobs": 21}"#, 400, "top_logprobs must be between 0 and 20"),
    ])
    func rejectedRequests(body: String, status: Int, message: String) throws {
        let live = try GenerationTestServer.get()
        let (code, lines) = try live.post("/api/generate", body)
        #expect(code == status)
        #expect(lines.first?["error"]?.stringValue == message)
    }

    @Test func formatsPassThrough() throws {
        let live = try GenerationTestServer.get()
        for format in [#""json""#, #"{"type": "object", "properties": {"age": {"type": "integer"}}, "required": ["age"]}"#] {
            let (status, lines) = try live.post("/api/generate", #"{"model": "smol", "prompt": "Ollama is 22 years old. Respond using JSON", "stream": false, "format": \#(format), "options": {"num_predict": 8, "temperature": 0}}"#)
            #expect(status == 200)
            #expect(lines.first?["done"] == true)
        }
    }

    @Test func sameSeedSameText() throws {
        let live = try GenerationTestServer.get()
        func run(_ seed: Int) throws -> String {
            let (_, lines) = try live.post("/api/generate", #"{"model": "smol", "prompt": "Write a short poem about the sea.", "stream": false, "options": {"seed": \#(seed), "temperature": 0.8, "num_predict": 24}}"#)
            return lines.first?["response"]?.stringValue ?? ""
        }
        let first = try run(42)
        #expect(!first.isEmpty)
        #expect(try run(42) == first)
        #expect(try run(7) != first)
    }

    /// A stop sequence made of the end of one streamed chunk and the start of the next: the
    /// answer ends right before it, and no chunk shows any of it.
    @Test func stopSequenceAcrossTokens() throws {
        let live = try GenerationTestServer.get()
        let request = #"{"model": "smol", "prompt": "Tell me about the moon.", "options": {"temperature": 0, "num_predict": 40}}"#
        let (_, lines) = try live.post("/api/generate", request)
        let chunks = lines.dropLast().compactMap { $0["response"]?.stringValue }
        let full = chunks.joined()
        // Find two neighbouring chunks with at least two characters each, after the first few.
        var index = 3
        while index + 1 < chunks.count, chunks[index].count < 2 || chunks[index + 1].count < 2 { index += 1 }
        try #require(index + 1 < chunks.count)
        let stop = String(chunks[index].suffix(2)) + String(chunks[index + 1].prefix(2))
        let match = try #require(full.range(of: stop))
        let expected = String(full[..<match.lowerBound])

        let stopJSON = String(decoding: JSONSerializer().bytes(.string(stop)), as: UTF8.self)
        let (status, stopped) = try live.post("/api/generate", #"{"model": "smol", "prompt": "Tell me about the moon.", "options": {"temperature": 0, "num_predict": 40, "stop": [\#(stopJSON)]}}"#)
        #expect(status == 200)
        #expect(JSONValue.text(of: stopped) == expected)
        #expect(stopped.last?["done_reason"] == "stop")
        for chunk in stopped {
            let piece = chunk["response"]?.stringValue ?? ""
            #expect(piece.contains(stop) == false)
        }
    }

    /// With a 64-token context, a 150-token answer shifts the context instead of failing.
    @Test func contextShiftCompletesLongGeneration() throws {
        let live = try GenerationTestServer.get()
        let (status, lines) = try live.post("/api/generate", #"{"model": "smol", "prompt": "1, 2, 3, 4, 5, 6, 7, 8, 9, 10,", "raw": true, "stream": false, "options": {"temperature": 0, "num_ctx": 64, "num_predict": 150}}"#)
        #expect(status == 200)
        let answer = try #require(lines.first)
        #expect(answer["error"] == nil)
        #expect(answer["done_reason"] == "length")
        #expect(answer["eval_count"] == 150)
    }

    @Test func promptTooLongWithoutTruncateIs400() throws {
        let live = try GenerationTestServer.get()
        let long = Array(repeating: "The quick brown fox jumps over the lazy dog.", count: 20).joined(separator: " ")
        let (status, lines) = try live.post("/api/generate", #"{"model": "smol", "prompt": "\#(long)", "truncate": false, "options": {"num_ctx": 64}}"#)
        #expect(status == 400)
        let message = lines.first?["error"]?.stringValue ?? ""
        #expect(message.hasPrefix("the input length ("))
        #expect(message.hasSuffix("exceeds the context length (64 tokens)"))
    }

    /// Closing the socket mid-stream stops the generation within a token; the next request runs at once.
    @Test func disconnectCancelsGeneration() throws {
        let live = try GenerationTestServer.get()
        _ = try live.post("/api/generate", #"{"model": "smol", "prompt": "", "keep_alive": "5m"}"#)
        var connection: RawConnection? = try RawConnection(port: live.server.port)
        let body = #"{"model": "smol", "prompt": "Write a very long story about dragons.", "options": {"temperature": 0, "num_predict": 3000, "num_ctx": 8192}}"#
        try connection?.send("POST /api/generate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        // Wait for the first streamed bytes, then hang up.
        _ = try connection?.stream.fill(deadline: monotonicMilliseconds() + 20_000)
        _ = try? connection?.stream.fill(deadline: monotonicMilliseconds() + 1_000)
        connection = nil  // closes the socket
        let start = Date()
        let (status, lines) = try live.post("/api/generate", #"{"model": "smol", "prompt": "Hi", "stream": false, "options": {"num_predict": 4, "num_ctx": 8192}}"#)
        #expect(status == 200)
        #expect(lines.first?["eval_count"] == 4)
        #expect(Date().timeIntervalSince(start) < 3)
    }
}
