import Server
import Testing

/// `OLLAMA_*` parsing against ollama's `envconfig` tests.
@Suite struct CLISupportEnvironmentTests {
    private func environment(_ variables: [String: String]) -> OllamaEnvironment {
        OllamaEnvironment(variables: variables, home: "/home/u")
    }

    @Test(arguments: [
        ("", "http://127.0.0.1:11434"),
        ("1.2.3.4", "http://1.2.3.4:11434"),
        (":1234", "http://:1234"),
        ("1.2.3.4:1234", "http://1.2.3.4:1234"),
        ("example.com", "http://example.com:11434"),
        ("example.com:1234", "http://example.com:1234"),
        (":0", "http://:0"),
        (":66000", "http://:11434"),
        (":-1", "http://:11434"),
        ("[::1]", "http://[::1]:11434"),
        ("[::]", "http://[::]:11434"),
        ("::1", "http://[::1]:11434"),
        ("[::1]:1337", "http://[::1]:1337"),
        (" 1.2.3.4 ", "http://1.2.3.4:11434"),
        ("\"1.2.3.4\"", "http://1.2.3.4:11434"),
        (" \" 1.2.3.4 \" ", "http://1.2.3.4:11434"),
        ("'1.2.3.4'", "http://1.2.3.4:11434"),
        ("http://1.2.3.4", "http://1.2.3.4:80"),
        ("http://1.2.3.4:4321", "http://1.2.3.4:4321"),
        ("https://1.2.3.4", "https://1.2.3.4:443"),
        ("https://1.2.3.4:4321", "https://1.2.3.4:4321"),
        ("https://example.com/ollama", "https://example.com:443/ollama"),
        ("0.0.0.0", "http://0.0.0.0:11434"),
        ("ollama.com", "https://ollama.com:443"),
        ("localhost:abc", "http://localhost:11434"),
    ])
    func hostParsing(value: String, expected: String) {
        #expect(environment(["OLLAMA_HOST": value]).host.description == expected)
    }

    @Test func hostPortForListening() {
        #expect(environment([:]).host.hostPort == "127.0.0.1:11434")
        #expect(environment(["OLLAMA_HOST": "::1"]).host.hostPort == "[::1]:11434")
        #expect(environment(["OLLAMA_HOST": ":8080"]).host.hostPort == ":8080")
    }

    @Test(arguments: [
        ("", false), ("true", true), ("false", false), ("1", true), ("0", false), ("random", true),
        ("something", true), (" 'false' ", false), ("T", true), ("F", false),
    ])
    func boolRule(value: String, expected: Bool) {
        let env = environment(["OLLAMA_NOPRUNE": value, "OLLAMA_NOHISTORY": value])
        #expect(env.noPrune == expected)
        #expect(env.noHistory == expected)
    }

    @Test(arguments: [
        ("", Int64(300_000_000_000)), ("1s", 1_000_000_000), ("1m", 60_000_000_000), ("1h", 3_600_000_000_000),
        ("5m0s", 300_000_000_000), ("1h2m3s", 3_723_000_000_000), ("0", 0), ("60", 60_000_000_000),
        ("3600", 3_600_000_000_000), ("-0", 0), ("-1", Int64.max), ("-1m", Int64.max),
        (" ", 300_000_000_000), ("???", 300_000_000_000), ("1d", 300_000_000_000), ("1w", 300_000_000_000),
    ])
    func keepAlive(value: String, nanoseconds: Int64) {
        #expect(environment(["OLLAMA_KEEP_ALIVE": value]).keepAlive.totalNanoseconds == nanoseconds)
    }

    @Test(arguments: [
        ("", Int64(300_000_000_000)), ("1s", 1_000_000_000), ("0", Int64.max), ("-0", Int64.max),
        ("-1", Int64.max), ("120", 120_000_000_000), ("1y", 300_000_000_000),
    ])
    func loadTimeout(value: String, nanoseconds: Int64) {
        #expect(environment(["OLLAMA_LOAD_TIMEOUT": value]).loadTimeout.totalNanoseconds == nanoseconds)
    }

    @Test func unsignedValuesFallBackToDefaults() {
        let defaults = environment([:])
        #expect(defaults.numParallel == 1)
        #expect(defaults.maxQueue == 512)
        #expect(defaults.maxLoadedModels == 0)
        #expect(defaults.contextLength == 0)
        let set = environment([
            "OLLAMA_NUM_PARALLEL": "4", "OLLAMA_MAX_QUEUE": "-1", "OLLAMA_MAX_LOADED_MODELS": "0x10",
            "OLLAMA_CONTEXT_LENGTH": " 8192 ",
        ])
        #expect(set.numParallel == 4)
        #expect(set.maxQueue == 512)
        #expect(set.maxLoadedModels == 0)
        #expect(set.contextLength == 8192)
    }

    @Test func originsAppendLocalDefaults() {
        let defaults = environment([:]).origins
        #expect(defaults.count == 16)
        #expect(defaults.first == "http://localhost")
        #expect(defaults.last == "vscode-webview://*")
        let custom = environment(["OLLAMA_ORIGINS": "http://172.16.0.1,https://192.168.0.1"]).origins
        #expect(Array(custom.prefix(3)) == ["http://172.16.0.1", "https://192.168.0.1", "http://localhost"])
        #expect(custom.count == 18)
    }

    @Test(arguments: [
        ("", OllamaEnvironment.LogLevel.info), ("0", .info), ("false", .info), ("1", .debug), ("true", .debug),
        ("2", .trace), ("3", .trace), ("yes", .debug),
    ])
    func debugLevel(value: String, level: OllamaEnvironment.LogLevel) {
        #expect(environment(["OLLAMA_DEBUG": value]).logLevel == level)
    }

    @Test func pathsDefaultUnderHome() {
        let env = environment([:])
        #expect(env.modelsDirectory == "/home/u/.ollama/models")
        #expect(env.historyFile == "/home/u/.ollama/history")
        #expect(environment(["OLLAMA_MODELS": "'/data/models'"]).modelsDirectory == "/data/models")
    }

    @Test(arguments: [
        ("value", "value"), (" value ", "value"), (" 'value' ", "value"), (" \"value\" ", "value"),
        (" ' value ' ", " value "),
    ])
    func valueTrimming(raw: String, expected: String) {
        #expect(OllamaEnvironment.value(raw) == expected)
    }
}
