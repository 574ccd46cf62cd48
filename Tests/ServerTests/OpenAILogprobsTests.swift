import Foundation
import Server
import Testing

extension LiveGenerationTests {
    /// `logprobs` on `/v1/chat/completions` and `/v1/completions`, live on SmolLM2 (greedy).
    @Suite struct OpenAILogprobsTests {
        func post(_ path: String, _ json: String) throws -> (status: Int, body: String) {
            let live = try GenerationTestServer.get()
            let response = try live.client.http.send(
                .post, path, headers: ["Content-Type": "application/json"], body: .data(Data(json.utf8)))
            defer { response.close() }
            return (response.status.code, String(decoding: try response.readAll(), as: UTF8.self))
        }

        /// Checks one chat `content[]` entry of a greedy generation.
        func checkGreedyEntry(_ entry: JSONValue, top: Int) {
            let token = entry["token"]?.stringValue ?? ""
            let logprob = entry["logprob"]?.doubleValue ?? 1
            let bytes = entry["bytes"]?.arrayValue?.compactMap { $0.intValue.map { UInt8($0) } } ?? []
            #expect(String(decoding: bytes, as: UTF8.self) == token)
            #expect(logprob <= 0)
            let alternatives = entry["top_logprobs"]?.arrayValue ?? []
            #expect(alternatives.count == top)
            let values = alternatives.compactMap { $0["logprob"]?.doubleValue }
            // Greedy: the sampled token is the most likely one, listed first.
            #expect(values.first == logprob, "\(entry)")
            #expect(alternatives.first?["token"]?.stringValue == token)
            #expect(values == values.sorted(by: >))
            #expect(values.reduce(0) { $0 + exp($1) } <= 1 + 1e-5)
        }

        @Test func chatCompletionLogprobsStreamedAndNot() throws {
            let request = #"{"model": "smol", "messages": [{"role": "user", "content": "What is the capital of France?"}], "max_tokens": 12, "temperature": 0, "logprobs": true, "top_logprobs": 4"#
            let (status, body) = try post("/v1/chat/completions", request + "}")
            #expect(status == 200)
            let value = try JSONParser().parse(body)
            let choice = try #require(value["choices"]?.arrayValue?.first)
            let content = choice["message"]?["content"]?.stringValue ?? ""
            let entries = try #require(choice["logprobs"]?["content"]?.arrayValue)
            #expect(entries.count == Int(value["usage"]?["completion_tokens"]?.intValue ?? -1))
            #expect(entries.compactMap { $0["token"]?.stringValue }.joined() == content)
            for entry in entries { checkGreedyEntry(entry, top: 4) }

            let (streamStatus, streamed) = try post("/v1/chat/completions", request + #", "stream": true}"#)
            #expect(streamStatus == 200)
            let chunks = try streamed.components(separatedBy: "\n\n")
                .filter { $0.hasPrefix("data: {") }
                .map { try JSONParser().parse(String($0.dropFirst(6))) }
            let streamedEntries = chunks.flatMap {
                $0["choices"]?.arrayValue?.first?["logprobs"]?["content"]?.arrayValue ?? []
            }
            #expect(streamedEntries == entries)
            // Each chunk's entries spell its delta.
            for chunk in chunks {
                guard let choice = chunk["choices"]?.arrayValue?.first, let delta = choice["delta"]?["content"]?.stringValue,
                      !delta.isEmpty else { continue }
                let tokens = choice["logprobs"]?["content"]?.arrayValue?.compactMap { $0["token"]?.stringValue } ?? []
                #expect(tokens.joined() == delta)
            }
        }

        @Test func chatCompletionWithoutLogprobsHasNone() throws {
            let (status, body) = try post("/v1/chat/completions",
                #"{"model": "smol", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 2, "temperature": 0, "top_logprobs": 3}"#)
            #expect(status == 200)
            #expect(try JSONParser().parse(body)["choices"]?.arrayValue?.first?["logprobs"] == nil)
            let (bad, message) = try post("/v1/chat/completions",
                #"{"model": "smol", "messages": [{"role": "user", "content": "Hi"}], "logprobs": true, "top_logprobs": 21}"#)
            #expect(bad == 400)
            #expect(message.contains("top_logprobs must be between 0 and 20"))
        }

        @Test func legacyCompletionLogprobs() throws {
            let (status, body) = try post("/v1/completions",
                #"{"model": "smol", "prompt": "The capital of France is", "max_tokens": 8, "temperature": 0, "logprobs": 3}"#)
            #expect(status == 200)
            let value = try JSONParser().parse(body)
            let choice = try #require(value["choices"]?.arrayValue?.first)
            let text = choice["text"]?.stringValue ?? ""
            let logprobs = try #require(choice["logprobs"])
            let tokens = logprobs["tokens"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let values = logprobs["token_logprobs"]?.arrayValue?.compactMap(\.doubleValue) ?? []
            let tops = logprobs["top_logprobs"]?.arrayValue ?? []
            let offsets = logprobs["text_offset"]?.arrayValue?.compactMap(\.intValue) ?? []
            #expect(!tokens.isEmpty)
            #expect(tokens.joined() == text)
            #expect(values.count == tokens.count && tops.count == tokens.count && offsets.count == tokens.count)
            var at = 0
            for (i, token) in tokens.enumerated() {
                #expect(offsets[i] == at)
                at += token.count
                let alternatives = tops[i].objectValue
                #expect((1...3).contains(alternatives?.count ?? 0))
                let best = alternatives?.values.compactMap(\.doubleValue).max()
                #expect(best == values[i], "greedy token \(token) is the most likely")
                #expect(alternatives?[token]?.doubleValue == values[i])
            }
        }

        /// ollama's native `logprobs`/`top_logprobs` on `/api/generate` and `/api/chat`.
        @Test func nativeLogprobsStreamedAndNot() throws {
            let live = try GenerationTestServer.get()
            let chat = #"{"model": "smol", "messages": [{"role": "user", "content": "What is the capital of France?"}], "options": {"temperature": 0, "num_predict": 10}, "logprobs": true, "top_logprobs": 2"#
            let whole = try live.post("/api/chat", chat + #", "stream": false}"#)
            #expect(whole.status == 200)
            let answer = try #require(whole.lines.first)
            let entries = answer["logprobs"]?.arrayValue ?? []
            #expect(entries.count == Int(answer["eval_count"]?.intValue ?? -1))
            #expect(entries.compactMap { $0["token"]?.stringValue }.joined() == answer["message"]?["content"]?.stringValue)
            for entry in entries {
                let top = entry["top_logprobs"]?.arrayValue ?? []
                #expect(top.count == 2)
                #expect(top.first?["logprob"] == entry["logprob"])
            }
            let streamed = try live.post("/api/chat", chat + "}")
            #expect(streamed.lines.flatMap { $0["logprobs"]?.arrayValue ?? [] } == entries)

            let generate = try live.post("/api/generate",
                #"{"model": "smol", "prompt": "Say hi.", "options": {"temperature": 0, "num_predict": 4}, "stream": false, "logprobs": true}"#)
            let generated = try #require(generate.lines.first)
            let plain = generated["logprobs"]?.arrayValue ?? []
            #expect(plain.count == Int(generated["eval_count"]?.intValue ?? -1))
            #expect(plain.allSatisfy { $0["top_logprobs"] == nil && ($0["logprob"]?.doubleValue ?? 1) <= 0 })
            let without = try live.post("/api/generate",
                #"{"model": "smol", "prompt": "Say hi.", "options": {"temperature": 0, "num_predict": 4}, "stream": false}"#)
            #expect(without.lines.first?["logprobs"] == nil)
        }
    }
}
