import Foundation
import Server
import Testing

extension LiveGenerationTests {
    /// The `/api/chat` examples of ollama's API docs against a live server running SmolLM2.
    @Suite struct ChatAPITests {
        @Test func streamedChat() throws {
            let live = try GenerationTestServer.get()
            let (status, lines) = try live.post("/api/chat", #"{"model": "smol", "messages": [{"role": "user", "content": "why is the sky blue?"}], "options": {"num_predict": 12}}"#)
            #expect(status == 200)
            #expect(lines.count > 2)
            for chunk in lines.dropLast() {
                #expect(chunk["message"]?["role"] == "assistant")
                #expect(chunk["done"] == false)
            }
            let last = try #require(lines.last)
            #expect(last["done"] == true)
            #expect(last["message"]?["content"] == "")
            #expect(last["context"] == nil)
            #expect(last["eval_count"] == 12)
            #expect(JSONValue.text(of: lines).isEmpty == false)
        }

        @Test func capitalOfFranceIsParis() throws {
            let live = try GenerationTestServer.get()
            let (status, lines) = try live.post("/api/chat", #"{"model": "smol", "messages": [{"role": "user", "content": "What is the capital of France?"}], "stream": false, "options": {"temperature": 0, "num_predict": 32}}"#)
            #expect(status == 200)
            #expect(lines.count == 1)
            let content = lines.first?["message"]?["content"]?.stringValue ?? ""
            #expect(content.contains("Paris"), "\(content)")
            #expect(lines.first?["done_reason"] != nil)
        }

        @Test func chatHistoryAndSystemPrompt() throws {
            let live = try GenerationTestServer.get()
            let body = #"""
                {"model": "smol", "stream": false, "options": {"temperature": 0, "num_predict": 24},
                 "messages": [
                   {"role": "system", "content": "You are a helpful geography teacher."},
                   {"role": "user", "content": "why is the sky blue?"},
                   {"role": "assistant", "content": "due to rayleigh scattering."},
                   {"role": "user", "content": "how is that different than mie scattering?"}]}
                """#
            let (status, lines) = try live.post("/api/chat", body)
            #expect(status == 200)
            #expect((lines.first?["message"]?["content"]?.stringValue ?? "").isEmpty == false)
            #expect((lines.first?["prompt_eval_count"]?.intValue ?? 0) > 40)
        }

        @Test(arguments: [
            (#"{"messages": [{"role": "user", "content": "hi"}]}"#, 400, "model is required"),
            (#"{"model": "smol", "messages": [{"role": "user", "content": "hi"}], "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Get the weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]}"#,
             400, "registry.ollama.ai/library/smol:latest does not support tools"),
            (#"{"model": "smol", "messages": [{"role": "user", "content": "what is in this image?", "images": ["iVBORw0KGgo="]}]}"#,
             400, "registry.ollama.ai/library/smol:latest does not support vision"),
            (#"{"model": "smol", "messages": [{"role": "user", "content": "hi"}], "think": "high"}"#, 400, #""smol" does not support thinking"#),
            (#"{"model": "missing", "messages": []}"#, 404, "model 'missing' not found"),
        ])
        func rejectedChats(body: String, status: Int, message: String) throws {
            let live = try GenerationTestServer.get()
            let (code, lines) = try live.post("/api/chat", body)
            #expect(code == status)
            #expect(lines.first?["error"]?.stringValue == message)
        }

        /// A history longer than the context drops its oldest messages but keeps the system
        /// message and the last one; without truncation it is a 400 with the counts.
        @Test func longHistoryIsTruncatedNotCut() throws {
            let live = try GenerationTestServer.get()
            var messages = [#"{"role": "system", "content": "Answer briefly."}"#]
            for i in 0..<12 {
                messages.append(#"{"role": "user", "content": "Tell me fact number \#(i) about the ocean, please, in detail."}"#)
                messages.append(#"{"role": "assistant", "content": "Fact \#(i): the ocean is very large and deep, and covers most of the planet."}"#)
            }
            messages.append(#"{"role": "user", "content": "What is the capital of France?"}"#)
            let list = messages.joined(separator: ",")
            let (status, lines) = try live.post("/api/chat", #"{"model": "smol", "stream": false, "messages": [\#(list)], "options": {"num_ctx": 256, "num_predict": 4, "temperature": 0}}"#)
            #expect(status == 200)
            let count = lines.first?["prompt_eval_count"]?.intValue ?? 0
            #expect(count > 20 && count <= 256)

            let (refused, errors) = try live.post("/api/chat", #"{"model": "smol", "stream": false, "truncate": false, "messages": [\#(list)], "options": {"num_ctx": 256}}"#)
            #expect(refused == 400)
            let message = errors.first?["error"]?.stringValue ?? ""
            #expect(message.hasPrefix("the input length ("))
            #expect(message.hasSuffix(" exceeds the context length (256 tokens)"))
        }
    }
}
