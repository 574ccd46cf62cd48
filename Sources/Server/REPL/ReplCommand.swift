/// One entry typed at the `>>> ` prompt (ollama's `cmd/interactive.go`).
package enum ReplCommand: Equatable, Sendable {
    /// Text to send to the model.
    case message(String)
    case setParameter(key: String, values: [String])
    case setSystem(String)
    /// `/set verbose|quiet|wordwrap|nowordwrap|history|nohistory|noformat|nothink|think [level]|format json`.
    case setFlag(String, String?)
    case show(String)
    case load(String)
    case save(String)
    case clear
    case bye
    case help(String?)
    /// A `/set` or `/show` without (valid) arguments: print its usage.
    case usage(String)
    case unknown(String)

    /// Parses a complete entry (multi-line input already joined).
    package static func parse(_ line: String) -> ReplCommand {
        guard line.hasPrefix("/") else { return .message(line) }
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let command = words.first else { return .message(line) }
        let args = Array(words.dropFirst())
        switch command {
        case "/bye", "/exit": return .bye
        case "/clear": return .clear
        case "/?", "/help": return .help(args.first)
        case "/load":
            guard let name = args.first else { return .usage("load") }
            return .load(name)
        case "/save":
            guard let name = args.first else { return .usage("save") }
            return .save(name)
        case "/show":
            guard let what = args.first else { return .usage("show") }
            return .show(what)
        case "/set":
            guard let what = args.first else { return .usage("set") }
            switch what {
            case "parameter":
                guard args.count >= 3 else { return .usage("set parameter") }
                return .setParameter(key: args[1], values: Array(args[2...]))
            case "system":
                // Everything after "/set system " verbatim, quotes of a """ block removed.
                guard let range = line.range(of: "system") else { return .usage("set") }
                var text = String(line[range.upperBound...]).trimmingCharacters(in: [" "])
                if text.hasPrefix("\"\"\"") && text.hasSuffix("\"\"\"") && text.count >= 6 {
                    text = String(text.dropFirst(3).dropLast(3))
                } else if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") {
                    text = String(text.dropFirst().dropLast())
                }
                return .setSystem(text)
            case "format":
                return .setFlag("format", args.count > 1 ? args[1] : nil)
            case "think":
                return .setFlag("think", args.count > 1 ? args[1] : nil)
            default:
                return .setFlag(what, nil)
            }
        default:
            return .unknown(command)
        }
    }
}

/// Collects `"""` multi-line input: an entry starting with `"""` continues until a line ending in `"""`.
package struct MultilineCollector: Sendable {
    private var lines: [String]?

    package init() {}

    /// Whether a block is open (the prompt shows `... `).
    package var isCollecting: Bool { lines != nil }

    /// Feeds one submitted line; returns the complete entry when there is one.
    package mutating func feed(_ line: String) -> String? {
        if var open = lines {
            if line.hasSuffix("\"\"\"") {
                open.append(String(line.dropLast(3)))
                lines = nil
                return open.joined(separator: "\n")
            }
            open.append(line)
            lines = open
            return nil
        }
        let trimmed = line.trimmingCharacters(in: [" "])
        guard trimmed.hasPrefix("\"\"\"") else { return line }
        let rest = String(trimmed.dropFirst(3))
        if rest.hasSuffix("\"\"\""), rest.count >= 3 {
            return String(rest.dropLast(3))
        }
        lines = [rest]
        return nil
    }
}
