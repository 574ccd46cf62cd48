/// A command line the CLI rejects. Messages are worded as cobra/pflag word them, because
/// scripts and users match on them; the CLI prints `Error: <description>` and exits 1.
package enum CLIError: Error, Equatable, CustomStringConvertible {
    /// `ollama foo`: no such command; `suggestions` are close command names.
    case unknownCommand(String, suggestions: [String])
    /// `--name` that the command does not define (the text as typed, without `=value`).
    case unknownFlag(String)
    /// `-x` that the command does not define, within the shorthand group `-xyz`.
    case unknownShorthand(Character, group: String)
    /// A long flag that needs a value and got none (`--keepalive` at the end).
    case missingValue(flag: String)
    /// A short flag that needs a value and got none (`-f` at the end).
    case missingShorthandValue(Character, group: String)
    /// A value the flag's type rejects (`--dimensions abc`).
    case invalidValue(String, flag: FlagSpec, reason: String)
    /// `---x` or `--=x`.
    case badFlagSyntax(String)
    /// Positional arguments outside the command's arity.
    case wrongArgumentCount(Arity, received: Int)
    /// A command this build does not implement yet.
    case notImplemented(String)

    package var description: String {
        switch self {
        case .unknownCommand(let name, let suggestions):
            var text = "unknown command \"\(name)\" for \"ollama\""
            if !suggestions.isEmpty {
                text += "\n\nDid you mean this?\n" + suggestions.map { "\t\($0)\n" }.joined()
            }
            return text
        case .unknownFlag(let flag):
            return "unknown flag: \(flag)"
        case .unknownShorthand(let letter, let group):
            return "unknown shorthand flag: '\(letter)' in \(group)"
        case .missingValue(let flag):
            return "flag needs an argument: \(flag)"
        case .missingShorthandValue(let letter, let group):
            return "flag needs an argument: '\(letter)' in \(group)"
        case .invalidValue(let value, let flag, let reason):
            let name = flag.short.map { "-\($0), --\(flag.name)" } ?? "--\(flag.name)"
            return "invalid argument \"\(value)\" for \"\(name)\" flag: \(reason)"
        case .badFlagSyntax(let text):
            return "bad flag syntax: \(text)"
        case .wrongArgumentCount(let arity, let received):
            switch arity {
            case .exactly(let n):
                return "accepts \(n) arg(s), received \(received)"
            case .atLeast(let n):
                return "requires at least \(n) arg(s), only received \(received)"
            case .any:
                return "unexpected arguments"
            }
        case .notImplemented(let command):
            return "\(command) is not implemented yet"
        }
    }
}
