import Server
import Testing

/// Help texts in cobra's layout (pflag alignment), as `ollama <command> --help` prints them.
@Suite struct CLISupportHelpTests {
    @Test func rootHelp() {
        let expected = """
            Large language model runner

            Usage:
              ollama [flags]
              ollama [command]

            Available Commands:
              serve       Start Ollama
              create      Create a model
              show        Show information for a model
              run         Run a model
              stop        Stop a running model
              pull        Pull a model from a registry
              push        Push a model to a registry
              list        List models
              ps          List running models
              cp          Copy a model
              rm          Remove a model
              help        Help about any command

            Flags:
              -h, --help      help for ollama
              -v, --version   Show version information

            Use "ollama [command] --help" for more information about a command.

            """
        #expect(HelpFormatter.help(for: .root) == expected)
    }

    @Test func createHelpAlignsFlagsLikePflag() {
        let expected = """
            Create a model

            Usage:
              ollama create MODEL [flags]

            Flags:
              -f, --file string       Name of the Modelfile (default "Modelfile")
              -h, --help              help for create
              -q, --quantize string   Quantize model to this level (e.g. q4_K_M)

            Environment Variables:
                  OLLAMA_HOST                IP Address for the ollama server (default 127.0.0.1:11434)

            """
        #expect(HelpFormatter.help(for: .create) == expected)
    }

    @Test func listHelpShowsAliases() {
        let expected = """
            List models

            Usage:
              ollama list [flags]

            Aliases:
              list, ls

            Flags:
              -h, --help   help for list

            Environment Variables:
                  OLLAMA_HOST                IP Address for the ollama server (default 127.0.0.1:11434)

            """
        #expect(HelpFormatter.help(for: .list) == expected)
    }

    @Test func runHelpListsEveryFlagSortedWithOptionalValueSyntax() {
        let help = HelpFormatter.help(for: .run)
        #expect(help.hasPrefix("Run a model\n\nUsage:\n  ollama run MODEL [PROMPT] [flags]\n\nFlags:\n"))
        let flagLines = help.split(separator: "\n").filter { $0.hasPrefix("  -") || $0.hasPrefix("      --") }
        let names = flagLines.compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("--") }.map { String($0.dropFirst(2)) }
        }
        #expect(names == [
            "dimensions", "format", "help", "hidethinking", "insecure", "keepalive", "nowordwrap", "think",
            "truncate", "verbose",
        ])
        // The longest head is `      --think string[="true"]` (29 columns): descriptions start at column 32.
        #expect(help.contains("      --think string[=\"true\"]   Enable thinking mode"))
        #expect(help.contains("  -h, --help                    help for run\n"))
        #expect(help.hasSuffix(
            "\nEnvironment Variables:\n      OLLAMA_HOST                IP Address for the ollama server (default 127.0.0.1:11434)\n      OLLAMA_NOHISTORY           Do not preserve readline history\n"))
    }

    @Test func serveHelpListsServerVariables() {
        let help = HelpFormatter.help(for: .serve)
        #expect(help.contains("Aliases:\n  serve, start\n"))
        for name in ["OLLAMA_DEBUG", "OLLAMA_KEEP_ALIVE", "OLLAMA_MODELS", "OLLAMA_ORIGINS", "OLLAMA_LOAD_TIMEOUT"] {
            #expect(help.contains("\n      \(name)"))
        }
    }

    @Test func everyCommandHasHelpAndEveryVariableADescription() {
        for spec in CommandTable.commands {
            let help = HelpFormatter.help(for: spec.id)
            #expect(help.hasPrefix(spec.long ?? spec.short))
            #expect(help.contains("help for \(spec.name)"))
            for name in spec.environment {
                #expect(CommandTable.environmentDescriptions[name] != nil, "\(name) has no description")
            }
        }
    }
}
