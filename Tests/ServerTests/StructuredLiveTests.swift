import Foundation
import Server
import Testing

extension LiveGenerationTests {
    /// Structured outputs over the live server on SmolLM2: `format` on generate and chat (streamed
    /// and not), `response_format` on `/v1`, and the 400s of unusable formats.
    @Suite struct StructuredLiveTests {
        /// ollama's docs example and schemas exercising arrays, enums, anyOf and `$ref`.
        static let schemas: [(prompt: String, schema: String)] = [
            ("Describe a fictional person: their name, age and job. Respond using JSON.",
             #"{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},"job":{"type":"string"}},"required":["name","age","job"]}"#),
            ("List a few fruits. Respond using JSON.",
             #"{"type":"array","items":{"type":"string","maxLength":20},"minItems":2,"maxItems":4}"#),
            ("Is the sentence 'I love this movie' positive or negative? Respond using JSON.",
             #"{"type":"object","properties":{"sentiment":{"enum":["positive","negative","neutral"]},"confidence":{"type":"number"}},"required":["sentiment","confidence"],"additionalProperties":false}"#),
            ("Where is the Eiffel Tower? Respond using JSON.",
             #"{"anyOf":[{"type":"object","properties":{"city":{"type":"string","maxLength":30}},"required":["city"],"additionalProperties":false},{"type":"object","properties":{"country":{"type":"string","maxLength":30}},"required":["country"],"additionalProperties":false}]}"#),
            ("Give a line segment from the origin to the point (3, 4). Respond using JSON.",
             ##"{"$defs":{"point":{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"}},"required":["x","y"],"additionalProperties":false}},"type":"object","properties":{"start":{"$ref":"#/$defs/point"},"end":{"$ref":"#/$defs/point"}},"required":["start","end"],"additionalProperties":false}"##),
        ]

        /// A chat request body with `format` and sampling options.
        static func chatBody(_ prompt: String, format: String, stream: Bool, temperature: Double = 0) -> String {
            let message = JSONValue.string(prompt).serialized(escapeHTML: false)
            return #"{"model": "smol", "messages": [{"role": "user", "content": \#(message)}], "format": \#(format), "stream": \#(stream), "options": {"temperature": \#(temperature), "seed": 42, "repeat_penalty": 1.1, "num_predict": 300}}"#
        }

        @Test func schemaOutputsOnChatParseAndValidate() throws {
            let live = try GenerationTestServer.get()
            for (prompt, text) in Self.schemas {
                let schema = try JSONParser().parse(text)
                for temperature in [0.0, 0.9] {
                    let (status, lines) = try live.post("/api/chat", Self.chatBody(prompt, format: text, stream: false, temperature: temperature))
                    #expect(status == 200)
                    let content = JSONValue.text(of: lines)
                    #expect(lines.last?["done_reason"] == "stop", "did not end: \(content)")
                    let value = try #require(try? JSONParser().parse(content), "does not parse: \(content)")
                    #expect(SchemaValidator(document: schema).violation(value) == nil, "\(text) t=\(temperature): \(content)")
                }
            }
        }

        @Test func schemaOnGenerate() throws {
            let live = try GenerationTestServer.get()
            let (prompt, text) = Self.schemas[0]
            let (status, lines) = try live.post("/api/generate", #"{"model": "smol", "prompt": "\#(prompt)", "format": \#(text), "stream": true, "options": {"temperature": 0, "num_predict": 300}}"#)
            #expect(status == 200)
            #expect(lines.count > 2)
            let response = JSONValue.text(of: lines)
            #expect(lines.last?["done_reason"] == "stop")
            let value = try #require(try? JSONParser().parse(response), "does not parse: \(response)")
            #expect(SchemaValidator(document: try JSONParser().parse(text)).violation(value) == nil, "\(response)")
        }

        @Test(arguments: [true, false])
        func jsonFormatOnChat(stream: Bool) throws {
            let live = try GenerationTestServer.get()
            let (status, lines) = try live.post("/api/chat", Self.chatBody(
                "List three colors and their hex codes as JSON.", format: #""json""#, stream: stream))
            #expect(status == 200)
            #expect(stream ? lines.count > 2 : lines.count == 1)
            let content = JSONValue.text(of: lines)
            #expect(lines.last?["done_reason"] == "stop", "did not end: \(content)")
            let value = try #require(try? JSONParser().parse(content), "does not parse: \(content)")
            #expect(value.objectValue != nil)
        }

        /// The body of a `/v1/chat/completions` answer.
        func completion(_ json: String) throws -> JSONValue {
            let live = try GenerationTestServer.get()
            let (status, lines) = try live.post("/v1/chat/completions", json)
            #expect(status == 200)
            return try #require(lines.first)
        }

        @Test func responseFormatOnOpenAI() throws {
            let object = try completion(#"{"model": "smol", "messages": [{"role": "user", "content": "List three colors and their hex codes as JSON."}], "temperature": 0, "seed": 42, "max_tokens": 300, "options": {"repeat_penalty": 1.1}, "response_format": {"type": "json_object"}}"#)
            let choice = object["choices"]?.arrayValue?.first
            #expect(choice?["finish_reason"] == "stop")
            let content = choice?["message"]?["content"]?.stringValue ?? ""
            #expect((try? JSONParser().parse(content))?.objectValue != nil, "\(content)")

            let (prompt, text) = Self.schemas[0]
            let schema = try JSONParser().parse(text)
            let answer = try completion(#"{"model": "smol", "messages": [{"role": "user", "content": "\#(prompt)"}], "temperature": 0, "max_tokens": 300, "response_format": {"type": "json_schema", "json_schema": {"name": "person", "schema": \#(text)}}}"#)
            let reply = answer["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue ?? ""
            let value = try #require(try? JSONParser().parse(reply), "does not parse: \(reply)")
            #expect(SchemaValidator(document: schema).violation(value) == nil, "\(reply)")
        }

        @Test(arguments: [
            (#"{"type":"object","properties":{"tags":{"type":"array","uniqueItems":true}}}"#, #"unsupported JSON schema keyword "uniqueItems" at #/properties/tags"#),
            (#"{"not":{"type":"string"}}"#, #"unsupported JSON schema keyword "not" at #"#),
            ("42", #"invalid format: "42"; expected "json" or a valid JSON Schema object"#),
        ])
        func unusableFormatsAre400(format: String, message: String) throws {
            let live = try GenerationTestServer.get()
            for path in ["/api/chat", "/api/generate"] {
                let body = path == "/api/chat"
                    ? Self.chatBody("hi", format: format, stream: false)
                    : #"{"model": "smol", "prompt": "hi", "format": \#(format), "stream": false}"#
                let (status, lines) = try live.post(path, body)
                #expect(status == 400)
                let error = lines.first?["error"]?.stringValue ?? ""
                #expect(error.hasPrefix(message), "\(path): \(error)")
            }
        }

        @Test func unsupportedSchemaOnOpenAIIs400() throws {
            let live = try GenerationTestServer.get()
            let (status, lines) = try live.post("/v1/chat/completions", #"{"model": "smol", "messages": [{"role": "user", "content": "hi"}], "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "string", "format": "uri-template"}}}}"#)
            #expect(status == 400)
            let message = lines.first?["error"]?["message"]?.stringValue ?? ""
            #expect(message.contains("\"format\""), "\(message)")
        }
    }
}
