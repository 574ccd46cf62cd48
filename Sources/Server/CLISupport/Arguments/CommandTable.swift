/// Every command of the `ollama` CLI with its flags and help text: the one table the parser
/// and the help formatter read.
///
/// Wording follows ollama's `cmd/cmd.go` (`NewCLI`) and `envconfig` so that `--help` reads as
/// ollama's does. Only flags this implementation acts on are listed.
package enum CommandTable {
    /// The bare `ollama` command.
    package static let root = CommandSpec(
        .root, use: "ollama", short: "Large language model runner",
        flags: [FlagSpec("version", short: "v", .bool, "Show version information")],
        arity: .any)

    /// Subcommands in the order `ollama --help` lists them.
    package static let commands: [CommandSpec] = [
        CommandSpec(
            .serve, use: "serve", aliases: ["start"], short: "Start Ollama", arity: .exactly(0),
            environment: [
                "OLLAMA_DEBUG", "OLLAMA_HOST", "OLLAMA_CONTEXT_LENGTH", "OLLAMA_KEEP_ALIVE",
                "OLLAMA_MAX_LOADED_MODELS", "OLLAMA_MAX_QUEUE", "OLLAMA_MODELS", "OLLAMA_NUM_PARALLEL",
                "OLLAMA_NOPRUNE", "OLLAMA_ORIGINS", "OLLAMA_LOAD_TIMEOUT",
            ]),
        CommandSpec(
            .create, use: "create MODEL", short: "Create a model",
            flags: [
                FlagSpec("file", short: "f", .string, "Name of the Modelfile (default \"Modelfile\")"),
                FlagSpec("quantize", short: "q", .string, "Quantize model to this level (e.g. q4_K_M)"),
            ],
            arity: .exactly(1), environment: ["OLLAMA_HOST"]),
        CommandSpec(
            .show, use: "show MODEL", short: "Show information for a model",
            flags: [
                FlagSpec("license", .bool, "Show license of a model"),
                FlagSpec("modelfile", .bool, "Show Modelfile of a model"),
                FlagSpec("parameters", .bool, "Show parameters of a model"),
                FlagSpec("template", .bool, "Show template of a model"),
                FlagSpec("system", .bool, "Show system message of a model"),
                FlagSpec("verbose", short: "v", .bool, "Show detailed model information"),
            ],
            arity: .exactly(1), environment: ["OLLAMA_HOST"]),
        CommandSpec(
            .run, use: "run MODEL [PROMPT]", short: "Run a model",
            flags: [
                FlagSpec("keepalive", .string, "Duration to keep a model loaded (e.g. 5m)"),
                FlagSpec("verbose", .bool, "Show timings for response"),
                FlagSpec("insecure", .bool, "Use an insecure registry"),
                FlagSpec("nowordwrap", .bool, "Don't wrap words to the next line automatically"),
                FlagSpec("format", .string, "Response format (e.g. json)"),
                FlagSpec(
                    "think", .optionalValue(implicit: "true"),
                    "Enable thinking mode: true/false or high/medium/low for supported models"),
                FlagSpec("hidethinking", .bool, "Hide thinking output (if provided)"),
                FlagSpec(
                    "truncate", .bool,
                    "For embedding models: truncate inputs exceeding context length (default: true). Set --truncate=false to error instead"),
                FlagSpec("dimensions", .int, "Truncate output embeddings to specified dimension (embedding models only)"),
            ],
            arity: .atLeast(1), environment: ["OLLAMA_HOST", "OLLAMA_NOHISTORY"]),
        CommandSpec(.stop, use: "stop MODEL", short: "Stop a running model", arity: .exactly(1), environment: ["OLLAMA_HOST"]),
        CommandSpec(
            .pull, use: "pull MODEL", short: "Pull a model from a registry",
            flags: [FlagSpec("insecure", .bool, "Use an insecure registry")],
            arity: .exactly(1), environment: ["OLLAMA_HOST"]),
        CommandSpec(
            .push, use: "push MODEL", short: "Push a model to a registry",
            flags: [FlagSpec("insecure", .bool, "Use an insecure registry")],
            arity: .exactly(1), environment: ["OLLAMA_HOST"]),
        CommandSpec(.list, use: "list", aliases: ["ls"], short: "List models", arity: .any, environment: ["OLLAMA_HOST"]),
        CommandSpec(.ps, use: "ps", short: "List running models", arity: .any, environment: ["OLLAMA_HOST"]),
        CommandSpec(.cp, use: "cp SOURCE DESTINATION", short: "Copy a model", arity: .exactly(2), environment: ["OLLAMA_HOST"]),
        CommandSpec(.rm, use: "rm MODEL [MODEL...]", short: "Remove a model", arity: .atLeast(1), environment: ["OLLAMA_HOST"]),
        CommandSpec(
            .help, use: "help [command]", short: "Help about any command",
            long: "Help provides help for any command in the application.\nSimply type ollama help [path to command] for full details.",
            arity: .any),
    ]

    /// Finds a subcommand by name or alias (`ls` finds `list`).
    package static func command(named name: String) -> CommandSpec? {
        commands.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// The spec for an identity (`root` included).
    package static func spec(for id: CommandID) -> CommandSpec {
        if id == .root { return root }
        return commands.first { $0.id == id } ?? root
    }

    /// One-line descriptions of the environment variables that `--help` lists
    /// (ollama's `envconfig.AsMap` wording).
    package static let environmentDescriptions: [String: String] = [
        "OLLAMA_DEBUG": "Show additional debug information (e.g. OLLAMA_DEBUG=1)",
        "OLLAMA_HOST": "IP Address for the ollama server (default 127.0.0.1:11434)",
        "OLLAMA_CONTEXT_LENGTH": "Context length to use unless otherwise specified",
        "OLLAMA_KEEP_ALIVE": "The duration that models stay loaded in memory (default \"5m\")",
        "OLLAMA_MAX_LOADED_MODELS": "Maximum number of loaded models per GPU",
        "OLLAMA_MAX_QUEUE": "Maximum number of queued requests",
        "OLLAMA_MODELS": "The path to the models directory",
        "OLLAMA_NUM_PARALLEL": "Maximum number of parallel requests",
        "OLLAMA_NOPRUNE": "Do not prune model blobs on startup",
        "OLLAMA_ORIGINS": "A comma separated list of allowed origins",
        "OLLAMA_LOAD_TIMEOUT": "How long to allow model loads to stall before giving up (default \"5m\")",
        "OLLAMA_NOHISTORY": "Do not preserve readline history",
    ]
}
