import Engine
import Foundation
import Server
import TestSupport
import Testing

/// Prompt building on the real SmolLM2 tokenizer and the ChatML template its GGUF maps to.
@Suite struct PromptBuilderTests {
    static let tokenizer = Result { try Tokenizer(try GGUFFile.open(path: try TestPaths.require(TestPaths.smolLM2).path)) }

    func builder(context: Int) throws -> PromptBuilder {
        let template = try PromptTemplate(NamedTemplates.chatml.template)
        return PromptBuilder(template: template, tokenizer: try Self.tokenizer.get(), contextLength: context)
    }

    func conversation(turns: Int) -> [PromptMessage] {
        var messages = [PromptMessage(role: "system", content: "Be brief.")]
        for i in 0..<turns {
            messages.append(PromptMessage(role: "user", content: "Question \(i) about the weather in a long sentence."))
            messages.append(PromptMessage(role: "assistant", content: "Answer \(i): it is sunny and warm today."))
        }
        messages.append(PromptMessage(role: "user", content: "Last question?"))
        return messages
    }

    @Test func specialTokensAreParsed() throws {
        let prompt = try builder(context: 8192).chat([PromptMessage(role: "user", content: "Hi")])
        #expect(prompt.text == "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n")
        let start = try #require(try Self.tokenizer.get().token(forText: "<|im_start|>"))
        #expect(prompt.tokens.first == start)
        #expect(prompt.tokens.filter { $0 == start }.count == 2)
    }

    @Test func truncationKeepsSystemAndLastMessage() throws {
        let messages = conversation(turns: 10)
        let full = try builder(context: 8192).chat(messages)
        #expect(full.droppedMessages == 0)
        let small = try builder(context: full.tokens.count / 2).chat(messages)
        #expect(small.droppedMessages > 0)
        #expect(small.tokens.count <= full.tokens.count / 2)
        #expect(small.text.hasPrefix("<|im_start|>system\nBe brief.<|im_end|>"))
        #expect(small.text.contains("Last question?"))
        #expect(!small.text.contains("Question 0 "))
    }

    @Test func noTruncationReportsCounts() throws {
        let messages = conversation(turns: 10)
        let full = try builder(context: 8192).chat(messages)
        #expect(throws: GenerationError.promptTooLong(tokens: full.tokens.count, context: 100)) {
            try builder(context: 100).chat(messages, truncate: false)
        }
        // Even with truncation, a last message that alone exceeds the context is an error, not a cut.
        let huge = [PromptMessage(role: "user", content: String(repeating: "word ", count: 400))]
        #expect(throws: GenerationError.self) { try builder(context: 64).chat(huge) }
    }

    @Test func contextPrefixComesFirstWithoutAnotherBOS() throws {
        let prefix: [Int32] = [1, 2, 3]
        let prompt = try builder(context: 8192).chat([PromptMessage(role: "user", content: "Hi")], prefix: prefix)
        #expect(Array(prompt.tokens.prefix(3)) == prefix)
        let plain = try builder(context: 8192).chat([PromptMessage(role: "user", content: "Hi")])
        #expect(prompt.tokens.count <= plain.tokens.count + 3)
    }
}

/// Options typing, keep_alive, think and format validation as ollama defines them.
@Suite struct GenerationOptionsTests {
    @Test func precedenceDefaultsThenParamsThenRequest() throws {
        let params: JSONObject = ["temperature": 0.2, "stop": ["<|im_end|>"], "num_ctx": 4096]
        let request: JSONObject = ["temperature": 0.5, "top_k": 7.9, "unknown_key": true]
        let options = try ModelOptions(layers: [params, request])
        #expect(options.temperature == 0.5)
        #expect(options.topK == 7)  // truncated like Go's int(float64)
        #expect(options.stop == ["<|im_end|>"])
        #expect(options.numCtx == 4096)
        #expect(options.topP == 0.9)  // default
        #expect(ModelOptions().numCtx == nil)
    }

    @Test(arguments: [
        (["stop": "x"] as JSONObject, #"option "stop" must be of type array"#),
        (["stop": [1]] as JSONObject, #"option "stop" must be of an array of strings"#),
        (["temperature": "hot"] as JSONObject, #"option "temperature" must be of type float32"#),
        (["num_ctx": true] as JSONObject, #"option "num_ctx" must be of type integer"#),
        (["use_mmap": 1] as JSONObject, #"option "use_mmap" must be of type boolean"#),
    ])
    func wrongTypes(options: JSONObject, message: String) {
        #expect(throws: OptionsError.self) { try ModelOptions(layers: [options]) }
        do {
            _ = try ModelOptions(layers: [options])
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test func keepAliveForms() throws {
        func decode(_ json: String) throws -> KeepAlive {
            try JSONValueDecoder().decode(KeepAlive.self, from: Data(json.utf8))
        }
        #expect(try decode("300").duration == .seconds(300))
        #expect(try decode("1.5").duration == .milliseconds(1500))
        #expect(try decode(#""10m""#).duration == .seconds(600))
        #expect(try decode("-1").isForever)
        #expect(try decode(#""-5m""#).isForever)
        #expect(try decode("0").duration == .zero)
        #expect(throws: KeepAliveError.self) { try decode(#""soon""#) }
    }

    @Test func formatValidation() throws {
        #expect(try ResponseFormat.validate(nil) == nil)
        #expect(try ResponseFormat.validate(.null) == nil)
        #expect(try ResponseFormat.validate("") == nil)
        #expect(try ResponseFormat.validate("json") == "json")
        #expect(try ResponseFormat.validate(["type": "object"]) == ["type": "object"])
        #expect(throws: GenerationError.badRequest(#"invalid format: "42"; expected "json" or a valid JSON Schema object"#)) {
            try ResponseFormat.validate(42)
        }
    }
}
