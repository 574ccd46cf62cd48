/// Parses `ollama`'s command line the way cobra + pflag do.
///
/// - The first argument that is not a flag picks the subcommand (by name or alias); flags before it
///   belong to the root (`-v/--version`, `-h/--help`).
/// - Flags and positionals may interleave; `--` ends flag parsing.
/// - Long flags: `--name`, `--name=value`, `--name value` (value flags only). Booleans never take
///   the next argument; an optional-value flag (`--think`) takes a value only after `=`.
/// - Short flags group: `-hv`, `-fModelfile`, `-f=Modelfile`, `-f Modelfile`.
/// - `-h/--help` anywhere prints the command's help and skips the arity check; a flag error still wins.
package enum ArgumentParser {
    /// Parses the arguments after the program name.
    ///
    /// - Throws: `CLIError` with cobra's wording.
    package static func parse(_ arguments: [String]) throws -> Invocation {
        guard let index = commandIndex(in: arguments) else {
            return try parseRoot(arguments, positional: nil)
        }
        let word = arguments[index]
        guard let spec = CommandTable.command(named: word) else {
            return try parseRoot(arguments, positional: word)
        }
        var rest = arguments
        rest.remove(at: index)
        let (positionals, flags) = try parseFlags(rest, for: spec)
        if flags["help"] == .bool(true) {
            return .help(spec.id)
        }
        if spec.id == .help {
            guard let topic = positionals.first else { return .help(.root) }
            guard let target = CommandTable.command(named: topic) else { return .unknownHelpTopic(topic) }
            return .help(target.id)
        }
        try validate(positionals.count, against: spec.arity)
        var values = flags
        values["help"] = nil
        return .run(ParsedCommand(id: spec.id, arguments: positionals, flags: values))
    }

    /// Index of the first argument that is not a flag (and not after `--`).
    private static func commandIndex(in arguments: [String]) -> Int? {
        for (index, argument) in arguments.enumerated() {
            if argument == "--" { return index + 1 < arguments.count ? index + 1 : nil }
            if !argument.hasPrefix("-") || argument == "-" { return index }
        }
        return nil
    }

    /// The bare `ollama [flags]`: help, version, or an unknown command.
    private static func parseRoot(_ arguments: [String], positional: String?) throws -> Invocation {
        let (positionals, flags) = try parseFlags(arguments, for: CommandTable.root)
        if flags["help"] == .bool(true) { return .help(.root) }
        if let word = positional ?? positionals.first {
            throw CLIError.unknownCommand(word, suggestions: suggestions(for: word))
        }
        if flags["version"] == .bool(true) { return .version }
        return .help(.root)
    }

    /// Checks a positional count against cobra's validators.
    package static func validate(_ count: Int, against arity: Arity) throws {
        switch arity {
        case .exactly(let n) where count != n:
            throw CLIError.wrongArgumentCount(arity, received: count)
        case .atLeast(let n) where count < n:
            throw CLIError.wrongArgumentCount(arity, received: count)
        default:
            return
        }
    }

    /// Command names close to a mistyped one: Levenshtein distance ≤ 2 (case-insensitive)
    /// or a prefix, as cobra's `SuggestionsFor` does. `help` is never suggested.
    package static func suggestions(for typed: String) -> [String] {
        let lower = typed.lowercased()
        return CommandTable.commands.filter { $0.id != .help }.map(\.name).filter { name in
            levenshtein(lower, name.lowercased()) <= 2 || name.lowercased().hasPrefix(lower)
        }
    }

    /// Edit distance between two strings, by Unicode scalar.
    package static func levenshtein(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    // MARK: - Flags

    /// Splits arguments into positionals and flag values for one command.
    package static func parseFlags(
        _ arguments: [String], for spec: CommandSpec
    ) throws -> (positionals: [String], flags: [String: FlagValue]) {
        var positionals: [String] = []
        var flags: [String: FlagValue] = [:]
        var queue = arguments[...]
        while let argument = queue.popFirst() {
            if argument == "--" {
                positionals.append(contentsOf: queue)
                break
            }
            if argument.hasPrefix("--") {
                try parseLong(argument, spec: spec, queue: &queue, into: &flags)
            } else if argument.hasPrefix("-") && argument.count > 1 {
                try parseShortGroup(argument, spec: spec, queue: &queue, into: &flags)
            } else {
                positionals.append(argument)
            }
        }
        return (positionals, flags)
    }

    /// `--name`, `--name=value`, `--name value`.
    private static func parseLong(
        _ argument: String, spec: CommandSpec, queue: inout ArraySlice<String>,
        into flags: inout [String: FlagValue]
    ) throws {
        let body = argument.dropFirst(2)
        if body.hasPrefix("-") || body.hasPrefix("=") {
            throw CLIError.badFlagSyntax(argument)
        }
        let name: String
        let attached: String?
        if let equals = body.firstIndex(of: "=") {
            name = String(body[..<equals])
            attached = String(body[body.index(after: equals)...])
        } else {
            name = String(body)
            attached = nil
        }
        guard let flag = spec.flag(named: name) else {
            throw CLIError.unknownFlag("--\(name)")
        }
        let value: String
        if let attached {
            value = attached
        } else {
            switch flag.kind {
            case .bool:
                value = "true"
            case .optionalValue(let implicit):
                value = implicit
            case .string, .int:
                guard let next = queue.popFirst() else { throw CLIError.missingValue(flag: "--\(name)") }
                value = next
            }
        }
        flags[flag.name] = try convert(value, for: flag)
    }

    /// `-abc`, `-fvalue`, `-f=value`, `-f value`.
    private static func parseShortGroup(
        _ argument: String, spec: CommandSpec, queue: inout ArraySlice<String>,
        into flags: inout [String: FlagValue]
    ) throws {
        var letters = Substring(argument.dropFirst())
        while let letter = letters.first {
            guard let flag = spec.flag(short: letter) else {
                throw CLIError.unknownShorthand(letter, group: argument)
            }
            let after = letters.dropFirst()
            let value: String
            if after.hasPrefix("=") {
                value = String(after.dropFirst())
                letters = ""
            } else {
                switch flag.kind {
                case .bool:
                    value = "true"
                    letters = after
                case .optionalValue(let implicit):
                    value = implicit
                    letters = after
                case .string, .int:
                    if !after.isEmpty {
                        value = String(after)
                    } else if let next = queue.popFirst() {
                        value = next
                    } else {
                        throw CLIError.missingShorthandValue(letter, group: argument)
                    }
                    letters = ""
                }
            }
            flags[flag.name] = try convert(value, for: flag)
        }
    }

    /// Converts a flag's text to its typed value.
    private static func convert(_ value: String, for flag: FlagSpec) throws -> FlagValue {
        switch flag.kind {
        case .bool:
            guard let parsed = GoStrconv.parseBool(value) else {
                throw CLIError.invalidValue(
                    value, flag: flag, reason: "strconv.ParseBool: parsing \"\(value)\": invalid syntax")
            }
            return .bool(parsed)
        case .int:
            guard let parsed = Int(value) else {
                throw CLIError.invalidValue(
                    value, flag: flag, reason: "strconv.ParseInt: parsing \"\(value)\": invalid syntax")
            }
            return .int(parsed)
        case .string, .optionalValue:
            return .string(value)
        }
    }
}

/// Go's `strconv` spellings that ollama's flags and environment variables accept.
package enum GoStrconv {
    /// `strconv.ParseBool`: 1, t, T, TRUE, true, True → true; 0, f, F, FALSE, false, False → false.
    package static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: return nil
        }
    }
}
