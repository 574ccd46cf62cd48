/// What the command line asks for, after parsing and validation.
package enum Invocation: Equatable, Sendable {
    /// Print the help of a command (`ollama`, `ollama help run`, `ollama run -h`).
    case help(CommandID)
    /// `ollama help <topic>` naming no command.
    case unknownHelpTopic(String)
    /// `ollama -v` / `ollama --version`.
    case version
    /// Run a command with its arguments and flags.
    case run(ParsedCommand)
}

/// A typed flag value.
package enum FlagValue: Equatable, Sendable {
    case bool(Bool)
    case string(String)
    case int(Int)
}

/// A subcommand with its positional arguments and the flags given on the command line.
package struct ParsedCommand: Equatable, Sendable {
    package let id: CommandID
    package let arguments: [String]
    /// Flags present on the command line, by long name (the last occurrence wins).
    package let flags: [String: FlagValue]

    package init(id: CommandID, arguments: [String], flags: [String: FlagValue]) {
        self.id = id
        self.arguments = arguments
        self.flags = flags
    }

    /// A boolean flag; false when absent.
    package func bool(_ name: String) -> Bool {
        if case .bool(let value)? = flags[name] { return value }
        return false
    }

    /// A string flag (or an optional-value flag); nil when absent.
    package func string(_ name: String) -> String? {
        if case .string(let value)? = flags[name] { return value }
        return nil
    }

    /// An integer flag; nil when absent.
    package func int(_ name: String) -> Int? {
        if case .int(let value)? = flags[name] { return value }
        return nil
    }

    /// Whether the flag appeared on the command line (even with its zero value).
    package func isSet(_ name: String) -> Bool {
        flags[name] != nil
    }
}
