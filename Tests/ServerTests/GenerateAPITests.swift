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
