import Foundation
import Registry
import Testing

@Suite struct ModelfileTests {
    typealias C = Modelfile.Command

    static func parse(_ text: String) throws -> [C] { try Modelfile.parse(text).commands }

    @Test func parsesAllInstructions() throws {
        let text = """
            # a comment
            FROM model1
            ADAPTER adapter1
            LICENSE MIT
            LICENSE \"""Apache
            2.0\"""
            PARAMETER temperature 0.7
            PARAMETER stop <|im_end|>
            PARAMETER stop "<|im_start|>"
            TEMPLATE \"""{{ if .System }}<|system|>
            {{ .System }}{{ end }}\"""
            SYSTEM You are "helpful" # not a comment
            MESSAGE user Is this a question?
            MESSAGE assistant Yes.
            REQUIRES 0.14.0
            DRAFT ./draft.gguf
            RENDERER qwen3
            PARSER qwen3
            """
        #expect(try Self.parse(text) == [
            C(name: "model", args: "model1"),
            C(name: "adapter", args: "adapter1"),
            C(name: "license", args: "MIT"),
            C(name: "license", args: "Apache\n2.0"),
            C(name: "temperature", args: "0.7"),
            C(name: "stop", args: "<|im_end|>"),
            C(name: "stop", args: "<|im_start|>"),
            C(name: "template", args: "{{ if .System }}<|system|>\n{{ .System }}{{ end }}"),
            C(name: "system", args: "You are \"helpful\" # not a comment"),
            C(name: "message", args: "user: Is this a question?"),
            C(name: "message", args: "assistant: Yes."),
            C(name: "requires", args: "0.14.0"),
            C(name: "draft", args: "./draft.gguf"),
            C(name: "renderer", args: "qwen3"),
            C(name: "parser", args: "qwen3"),
        ])
    }

    /// (input, expected commands) for lexing details.
    static let lexing: [(String, [C])] = [
        ("from x\nsystem hi", [C(name: "model", args: "x"), C(name: "system", args: "hi")]),
        ("FrOm x", [C(name: "model", args: "x")]),
        ("\n\n   \t FROM   x   \n\n", [C(name: "model", args: "x")]),
        ("FROM\tx", [C(name: "model", args: "x")]),
        ("FROM x\r\nSYSTEM y\r\n", [C(name: "model", args: "x"), C(name: "system", args: "y")]),
        ("FROM x\nSYSTEM a  b\tc", [C(name: "model", args: "x"), C(name: "system", args: "a  b\tc")]),
        ("FROM x\nSYSTEM \"multi\nline\"", [C(name: "model", args: "x"), C(name: "system", args: "multi\nline")]),
        ("FROM x\nSYSTEM \"\"\"\n  kept  \n\"\"\"", [C(name: "model", args: "x"), C(name: "system", args: "\n  kept  \n")]),
        ("FROM x\nSYSTEM it's 'single' quotes", [C(name: "model", args: "x"), C(name: "system", args: "it's 'single' quotes")]),
        ("FROM x\nPARAMETER Top_K 4", [C(name: "model", args: "x"), C(name: "Top_K", args: "4")]),
        ("FROM fo\u{1}o\u{200B}", [C(name: "model", args: "foo")]),
        ("FROM x\n# comment\n  # indented comment\nSYSTEM y", [C(name: "model", args: "x"), C(name: "system", args: "y")]),
        ("FROM x\nMESSAGE system be brief", [C(name: "model", args: "x"), C(name: "message", args: "system: be brief")]),
        ("FROM x\nSYSTEM \"\"", [C(name: "model", args: "x"), C(name: "system", args: "")]),
        ("FROM x\nSYSTEM 日本語 ✓", [C(name: "model", args: "x"), C(name: "system", args: "日本語 ✓")]),
    ]

    @Test(arguments: lexing)
    func lexes(input: String, expected: [C]) throws {
        #expect(try Self.parse(input) == expected)
    }

    /// (input, exact error text) — ollama's messages and line numbers.
    static let errors: [(String, String)] = [
        ("FROM foo\nBADCOMMAND param1 value1",
         #"(line 2): command must be one of "from", "license", "template", "system", "adapter", "draft", "renderer", "parser", "parameter", "message", or "requires""#),
        ("FROM foo\n\n\nFR0M bar",
         #"(line 4): command must be one of "from", "license", "template", "system", "adapter", "draft", "renderer", "parser", "parameter", "message", or "requires""#),
        ("FROM foo\nSYSTEM\n",
         #"(line 3): command must be one of "from", "license", "template", "system", "adapter", "draft", "renderer", "parser", "parameter", "message", or "requires""#),
        ("FROM foo\nMESSAGE badguy I'm a bad guy!",
         #"(line 2): message role must be one of "system", "user", or "assistant""#),
        ("FROM foo\nMESSAGE User hi", #"(line 2): message role must be one of "system", "user", or "assistant""#),
        ("PARAMETER temperature 1", "no FROM line"),
        ("# only a comment", "no FROM line"),
        ("", "no FROM line"),
        ("FROM foo\nSYSTEM \"\"\"unterminated", "unexpected EOF"),
        ("FROM foo\nSYSTEM \"unterminated\nstill", "unexpected EOF"),
        ("FROM foo\nPARAMETER", "unexpected EOF"),
        ("FROM foo\nSYSTEM", "unexpected EOF"),
        ("FROM foo\nPARAMETER param-1 x", "unexpected EOF: param"),
        ("FROM foo\nMESSAGE us3r hi", "unexpected EOF: us"),
    ]

    @Test(arguments: errors)
    func reportsOllamaErrors(input: String, message: String) {
        let error = #expect(throws: ModelfileError.self) { try Modelfile.parse(input) }
        #expect(error?.description == message)
    }

    @Test func byteOrderMarks() throws {
        #expect(try Modelfile.parse(data: Data([0xEF, 0xBB, 0xBF] + Array("FROM x".utf8))).commands == [C(name: "model", args: "x")])
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "FROM ü\nSYSTEM s".utf16 { utf16 += [UInt8(unit & 0xff), UInt8(unit >> 8)] }
        #expect(try Modelfile.parse(data: Data(utf16)).commands == [C(name: "model", args: "ü"), C(name: "system", args: "s")])
    }

    @Test func serializesLikeOllamaShow() {
        let file = Modelfile(commands: [
            C(name: "model", args: "/models/blobs/sha256-abc"),
            C(name: "template", args: "{{ .Prompt }}"),
            C(name: "system", args: "line1\nline2"),
            C(name: "system", args: "say \"hi\"\nplease"),
            C(name: "license", args: " padded "),
            C(name: "stop", args: "<|im_end|>"),
            C(name: "stop", args: "<|im_start|>"),
            C(name: "message", args: "user: hello there"),
        ])
        #expect(file.text == """
            FROM /models/blobs/sha256-abc
            TEMPLATE {{ .Prompt }}
            SYSTEM "line1
            line2"
            SYSTEM \"""say "hi"
            please\"""
            LICENSE " padded "
            PARAMETER stop <|im_end|>
            PARAMETER stop <|im_start|>
            MESSAGE user hello there

            """)
    }

    /// serialize → parse gives the same commands, for values that need each quoting form.
    @Test func roundTrip() throws {
        let file = Modelfile(commands: [
            C(name: "model", args: "smol:latest"),
            C(name: "template", args: "{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}"),
            C(name: "system", args: "You are \"Smol\".\nBe brief."),
            C(name: "system", args: "  leading and trailing  "),
            C(name: "adapter", args: "/tmp/lora.gguf"),
            C(name: "license", args: "MIT\n\nCopyright"),
            C(name: "license", args: "Apache-2.0"),
            C(name: "temperature", args: "0.2"),
            C(name: "num_ctx", args: "4096"),
            C(name: "stop", args: "<|im_end|>"),
            C(name: "stop", args: "User:"),
            C(name: "message", args: "user: What is 2+2?"),
            C(name: "message", args: "assistant: It is \"4\".\nDone."),
            C(name: "requires", args: "0.14.0"),
        ])
        #expect(try Modelfile.parse(file.text) == file)
    }

    @Test func requiresIsSemver() throws {
        #expect(try Modelfile.normalizedRequires("0.14.0") == "0.14.0")
        #expect(try Modelfile.normalizedRequires("v0.14") == "0.14")
        #expect(try Modelfile.normalizedRequires("1.2.3-rc.1+build.5") == "1.2.3-rc.1+build.5")
        for bad in ["", "latest", "0.14.0.1", "01.2.3", "1.2-rc1", "1..2", "1.2.3-", "1.2.3-01"] {
            let error = #expect(throws: RegistryError.self) { try Modelfile.normalizedRequires(bad) }
            #expect(error?.description == "requires must be a valid semver (e.g. 0.14.0)")
        }
    }
}
