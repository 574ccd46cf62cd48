/// Renders `--help` text in cobra's default layout, with ollama's "Environment Variables:" block.
///
/// ```
/// Run a model
///
/// Usage:
///   ollama run MODEL [PROMPT] [flags]
///
/// Flags:
///       --format string   Response format (e.g. json)
///   -h, --help            help for run
///
/// Environment Variables:
///       OLLAMA_HOST                IP Address for the ollama server (default 127.0.0.1:11434)
/// ```
package enum HelpFormatter {
    /// The full help of a command, ending with a newline.
    package static func help(for id: CommandID) -> String {
        let spec = CommandTable.spec(for: id)
        let title = (spec.long ?? spec.short)
        return title + "\n\n" + usage(for: spec)
    }

    /// cobra's usage block: usage lines, aliases, commands, flags, environment variables.
    package static func usage(for spec: CommandSpec) -> String {
        var out = "Usage:\n"
        let isRoot = spec.id == .root
        if isRoot {
            out += "  ollama [flags]\n  ollama [command]\n"
        } else {
            out += "  ollama \(spec.use) [flags]\n"
        }
        if !spec.aliases.isEmpty {
            out += "\nAliases:\n  " + ([spec.name] + spec.aliases).joined(separator: ", ") + "\n"
        }
        if isRoot {
            out += "\nAvailable Commands:\n"
            let width = max(11, CommandTable.commands.map(\.name.count).max() ?? 0)
            for command in CommandTable.commands {
                out += "  " + command.name.paddedRight(to: width)
                out += " " + command.short + "\n"
            }
        }
        out += "\nFlags:\n" + flagUsages(spec.allFlags)
        if isRoot {
            out += "\nUse \"ollama [command] --help\" for more information about a command.\n"
        }
        if !spec.environment.isEmpty {
            out += "\nEnvironment Variables:\n"
            for name in spec.environment {
                let description = CommandTable.environmentDescriptions[name] ?? ""
                out += "      " + name.paddedRight(to: 24)
                out += "   " + description + "\n"
            }
        }
        return out
    }

    /// pflag's `FlagUsages`: flags sorted by name, descriptions aligned one column past the
    /// longest `-s, --name type` part (at least three spaces apart).
    package static func flagUsages(_ flags: [FlagSpec]) -> String {
        let sorted = flags.sorted { $0.name < $1.name }
        let heads = sorted.map(head)
        let column = (heads.map(\.count).max() ?? 0) + 1
        var out = ""
        for (flag, head) in zip(sorted, heads) {
            out += head + String(repeating: " ", count: column - head.count + 2) + flag.usage + "\n"
        }
        return out
    }

    /// `  -f, --file string` or `      --think string[="true"]`.
    private static func head(_ flag: FlagSpec) -> String {
        var text = flag.short.map { "  -\($0), --\(flag.name)" } ?? "      --\(flag.name)"
        switch flag.kind {
        case .bool:
            break
        case .string:
            text += " string"
        case .int:
            text += " int"
        case .optionalValue(let implicit):
            text += " string[=\"\(implicit)\"]"
        }
        return text
    }
}
