/// Settings that ollama reads from `OLLAMA_*` environment variables, parsed from a dictionary.
///
/// The CLI's `Environment.swift` is the only code that reads the process environment; it hands
/// the variables here. Parsing follows ollama's `envconfig`:
/// - every value is trimmed of spaces, then of `"` and `'` (`Var`);
/// - booleans accept Go's `strconv.ParseBool` spellings, and any other non-empty value is **true**;
/// - unsigned integers that do not parse keep their default;
/// - durations accept Go's syntax (`5m`, `1h30m`) or integer seconds.
package struct OllamaEnvironment: Sendable, Equatable {
    /// Log verbosity chosen by `OLLAMA_DEBUG`.
    package enum LogLevel: Int, Sendable, Comparable {
        case info, debug, trace

        package static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// `OLLAMA_HOST`: where the server listens and clients connect.
    package var host: OllamaHost
    /// `OLLAMA_MODELS`: the model store (default `~/.ollama/models`).
    package var modelsDirectory: String
    /// `OLLAMA_KEEP_ALIVE`: how long an idle model stays loaded (default 5m; negative = `.forever`).
    package var keepAlive: Duration
    /// `OLLAMA_LOAD_TIMEOUT`: how long a load may stall (default 5m; ≤ 0 = `.forever`).
    package var loadTimeout: Duration
    /// `OLLAMA_ORIGINS` followed by the always-allowed local origins.
    package var origins: [String]
    /// `OLLAMA_DEBUG`: `1`/`true` → debug, `2` or more → trace.
    package var logLevel: LogLevel
    /// `OLLAMA_NOPRUNE`: skip pruning unused blobs.
    package var noPrune: Bool
    /// `OLLAMA_NOHISTORY`: do not keep the REPL history file.
    package var noHistory: Bool
    /// `OLLAMA_CONTEXT_LENGTH`: default context length; 0 lets the server choose.
    package var contextLength: UInt64
    /// `OLLAMA_MAX_LOADED_MODELS`: 0 lets the server choose.
    package var maxLoadedModels: UInt64
    /// `OLLAMA_NUM_PARALLEL`: parallel requests per model (default 1).
    package var numParallel: UInt64
    /// `OLLAMA_MAX_QUEUE`: pending requests before 503 (default 512).
    package var maxQueue: UInt64
    /// `~/.ollama/history`: where the REPL keeps its history.
    package var historyFile: String
    /// `~/.ollama`: keys and history live here.
    package var ollamaDirectory: String
    /// `OLLAMA_REGISTRY_AUTH`: `user:password` sent as Basic credentials to registries.
    package var registryAuth: String
    /// `$DOCKER_CONFIG/config.json` or `~/.docker/config.json`: per-registry credentials (`auths`).
    package var dockerConfigFile: String
    /// `OLLAMA_MAX_TRANSFER_STREAMS`: parallel range requests per blob (default 4).
    package var maxTransferStreams: UInt64

    /// Origins allowed whatever `OLLAMA_ORIGINS` says (ollama's `envconfig.Origins`).
    package static let localOrigins: [String] = {
        var origins: [String] = []
        for host in ["localhost", "127.0.0.1", "0.0.0.0"] {
            origins += ["http://\(host)", "https://\(host)", "http://\(host):*", "https://\(host):*"]
        }
        return origins + ["app://*", "file://*", "tauri://*", "vscode-webview://*"]
    }()

    /// Parses the variables; `home` is the user's home directory.
    package init(variables: [String: String], home: String) {
        func value(_ key: String) -> String { Self.value(variables[key]) }

        host = OllamaHost.parse(value("OLLAMA_HOST"))
        ollamaDirectory = home + "/.ollama"
        let models = value("OLLAMA_MODELS")
        modelsDirectory = models.isEmpty ? ollamaDirectory + "/models" : models
        historyFile = ollamaDirectory + "/history"

        var keepAlive = Duration.seconds(300)
        if let parsed = Duration.parseDurationOrSeconds(value("OLLAMA_KEEP_ALIVE")) { keepAlive = parsed }
        self.keepAlive = keepAlive < .zero ? .forever : keepAlive

        var loadTimeout = Duration.seconds(300)
        if let parsed = Duration.parseDurationOrSeconds(value("OLLAMA_LOAD_TIMEOUT")) { loadTimeout = parsed }
        self.loadTimeout = loadTimeout <= .zero ? .forever : loadTimeout

        let originList = value("OLLAMA_ORIGINS")
        origins = (originList.isEmpty ? [] : originList.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
            + Self.localOrigins

        logLevel = Self.logLevel(value("OLLAMA_DEBUG"))
        noPrune = Self.bool(value("OLLAMA_NOPRUNE"))
        noHistory = Self.bool(value("OLLAMA_NOHISTORY"))
        contextLength = Self.unsigned(value("OLLAMA_CONTEXT_LENGTH"), default: 0)
        maxLoadedModels = Self.unsigned(value("OLLAMA_MAX_LOADED_MODELS"), default: 0)
        numParallel = Self.unsigned(value("OLLAMA_NUM_PARALLEL"), default: 1)
        maxQueue = Self.unsigned(value("OLLAMA_MAX_QUEUE"), default: 512)
        registryAuth = value("OLLAMA_REGISTRY_AUTH")
        let dockerDirectory = value("DOCKER_CONFIG")
        dockerConfigFile = (dockerDirectory.isEmpty ? home + "/.docker" : dockerDirectory) + "/config.json"
        maxTransferStreams = max(1, min(Self.unsigned(value("OLLAMA_MAX_TRANSFER_STREAMS"), default: 4), 64))
    }

    /// ollama's `Var`: trim spaces, then quotes.
    package static func value(_ raw: String?) -> String {
        (raw ?? "").trimmingSpaces().trimmingAll(of: "\"'")
    }

    /// ollama's `Bool`: empty → false; a Go bool spelling → its value; anything else → true.
    package static func bool(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        return GoStrconv.parseBool(text) ?? true
    }

    /// ollama's `Uint`: decimal digits only, else the default.
    package static func unsigned(_ text: String, default defaultValue: UInt64) -> UInt64 {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = UInt64(text) else {
            return defaultValue
        }
        return number
    }

    /// `OLLAMA_DEBUG`: a Go bool (true → debug), else an integer level (1 debug, ≥ 2 trace),
    /// else any other non-empty text counts as true (debug).
    package static func logLevel(_ text: String) -> LogLevel {
        if text.isEmpty { return .info }
        if let flag = GoStrconv.parseBool(text) { return flag ? .debug : .info }
        if let level = Int(text) {
            return level >= 2 ? .trace : (level >= 1 ? .debug : .info)
        }
        return .debug
    }
}
