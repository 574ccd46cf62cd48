import Foundation
import Registry
import Testing

@Suite struct ParameterTableTests {
    static let good: [(String, [String], ParameterValue)] = [
        ("temperature", ["0.7"], .float(0.7)),
        ("top_p", ["1"], .float(1)),
        ("min_p", ["1e-2"], .float(0.01)),
        ("num_ctx", ["4096"], .int(4096)),
        ("seed", ["-1"], .int(-1)),
        ("num_predict", ["+5"], .int(5)),
        ("use_mmap", ["true"], .bool(true)),
        ("use_mmap", ["F"], .bool(false)),
        ("use_mmap", ["0"], .bool(false)),
        ("stop", ["<|im_end|>", "User:"], .strings(["<|im_end|>", "User:"])),
    ]

    @Test(arguments: good)
    func typesValues(key: String, values: [String], expected: ParameterValue) throws {
        #expect(try ParameterTable.format([key: values]) == [key: expected])
    }

    static let bad: [(String, [String], String)] = [
        ("tfs_z", ["1"], "unknown parameter 'tfs_z'"),
        ("Temperature", ["1"], "unknown parameter 'Temperature'"),
        ("temperature", ["hot"], "invalid float value [hot]"),
        ("temperature", ["1e40"], "invalid float value [1e40]"),
        ("top_k", ["4.5"], "invalid int value [4.5]"),
        ("num_ctx", ["1_000"], "invalid int value [1_000]"),
        ("num_ctx", ["99999999999999999999"], "invalid int value [99999999999999999999]"),
        ("use_mmap", ["yes"], "invalid bool value [yes]"),
        ("seed", [" 1"], "invalid int value [ 1]"),
    ]

    @Test(arguments: bad)
    func rejectsBadValues(key: String, values: [String], message: String) {
        let error = #expect(throws: RegistryError.self) { try ParameterTable.format([key: values]) }
        #expect(error?.description == message)
    }

    @Test func everyDocumentedOptionHasAType() {
        let documented = ["num_ctx", "temperature", "num_predict", "top_k", "num_keep", "top_p", "seed", "min_p", "stop",
                          "typical_p", "repeat_last_n", "repeat_penalty", "presence_penalty", "frequency_penalty",
                          "num_batch", "num_gpu", "main_gpu", "use_mmap", "num_thread", "draft_num_predict"]
        #expect(Set(ParameterTable.kinds.keys) == Set(documented))
        #expect(ParameterTable.runnerOptions.isSubset(of: Set(documented)))
    }

    @Test func modelfileParametersAccumulateStops() throws {
        let file = try Modelfile.parse("""
            FROM x
            PARAMETER stop a
            PARAMETER temperature 0.1
            PARAMETER stop b
            PARAMETER mirostat 2
            PARAMETER temperature 0.3
            SYSTEM s
            """)
        let (values, deprecated) = try ParameterTable.format(modelfile: file)
        #expect(values == ["stop": .strings(["a", "b"]), "temperature": .float(0.3)])
        #expect(deprecated == ["mirostat"])
        let json = try JSONEncoder().encode(values["stop"])
        #expect(String(decoding: json, as: UTF8.self) == #"["a","b"]"#)
        #expect(try JSONDecoder().decode([String: ParameterValue].self, from: Data(#"{"a":1,"b":0.5,"c":true,"d":["x"]}"#.utf8))
            == ["a": .int(1), "b": .float(0.5), "c": .bool(true), "d": .strings(["x"])])
    }
}
