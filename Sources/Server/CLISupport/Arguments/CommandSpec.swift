/// The commands of the `ollama` CLI, by identity. `root` is the bare `ollama`.
package enum CommandID: String, Sendable, CaseIterable {
    case root = "ollama"
    case serve, create, show, run, stop, pull, push, list, ps, cp, rm, help
}

/// How a flag takes its value, mirroring the pflag types ollama uses.
package enum FlagKind: Sendable, Equatable {
    /// `--name`, `--name=false`; never consumes the next argument.
    case bool
    /// `--name value` or `--name=value`.
    case string
    /// `--name 42` or `--name=42`.
    case int
    /// A string flag whose value is optional: bare `--name` means `implicit`
    /// (pflag's `NoOptDefVal`); a value must be attached with `=`.
    case optionalValue(implicit: String)
}

/// One flag of a command: long name, optional one-letter short name, and help text.
package struct FlagSpec: Sendable, Equatable {
    package let name: String
    package let short: Character?
    package let kind: FlagKind
    package let usage: String

    package init(_ name: String, short: Character? = nil, _ kind: FlagKind, _ usage: String) {
        self.name = name
        self.short = short
        self.kind = kind
        self.usage = usage
    }
}

/// How many positional arguments a command accepts (cobra's `Args` validators).
package enum Arity: Sendable, Equatable {
    /// cobra.ExactArgs(n)
    case exactly(Int)
    /// cobra.MinimumNArgs(n)
    case atLeast(Int)
    /// No validator: any number.
    case any
}

/// A command's grammar and help text: one row of `CommandTable`.
package struct CommandSpec: Sendable, Equatable {
    package let id: CommandID
    /// The usage line after `ollama `, e.g. `run MODEL [PROMPT]` (cobra's `Use`).
    package let use: String
    package let aliases: [String]
    /// One-line description shown in the command list and atop `--help`.
    package let short: String
    /// Longer description shown instead of `short` atop `--help`, when present.
    package let long: String?
    package let flags: [FlagSpec]
    package let arity: Arity
    /// Environment variables listed under "Environment Variables:" in `--help`.
    package let environment: [String]

    package init(
        _ id: CommandID, use: String, aliases: [String] = [], short: String, long: String? = nil,
        flags: [FlagSpec] = [], arity: Arity, environment: [String] = []
    ) {
        self.id = id
        self.use = use
        self.aliases = aliases
        self.short = short
        self.long = long
        self.flags = flags
        self.arity = arity
        self.environment = environment
    }

    /// The command's name as typed (`run`), or `ollama` for the root.
    package var name: String { id.rawValue }

    /// The `-h/--help` flag every command has, worded as cobra words it.
    package var helpFlag: FlagSpec {
        FlagSpec("help", short: "h", .bool, "help for \(name)")
    }

    /// Declared flags plus the implicit help flag.
    package var allFlags: [FlagSpec] { flags + [helpFlag] }

    /// Finds a flag by long name.
    package func flag(named name: String) -> FlagSpec? {
        allFlags.first { $0.name == name }
    }

    /// Finds a flag by its one-letter short name.
    package func flag(short: Character) -> FlagSpec? {
        allFlags.first { $0.short == short }
    }
}
