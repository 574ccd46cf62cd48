import Server
import Testing

/// The argument parser against cobra/pflag behaviour: commands, aliases, flag forms, arity.
@Suite struct CLISupportArgumentTests {
    private func run(_ arguments: [String]) throws -> ParsedCommand {
        guard case .run(let parsed) = try ArgumentParser.parse(arguments) else {
            Issue.record("expected a command for \(arguments)")
            return ParsedCommand(id: .root, arguments: [], flags: [:])
        }
        return parsed
    }

    private func error(_ arguments: [String]) -> String? {
        do {
            _ = try ArgumentParser.parse(arguments)
            return nil
        } catch {
            return "\(error)"
        }
    }

    // MARK: - Commands

    @Test func bareOllamaShowsRootHelp() throws {
        #expect(try ArgumentParser.parse([]) == .help(.root))
        #expect(try ArgumentParser.parse(["-h"]) == .help(.root))
        #expect(try ArgumentParser.parse(["help"]) == .help(.root))
    }

    @Test func versionFlags() throws {
        #expect(try ArgumentParser.parse(["-v"]) == .version)
        #expect(try ArgumentParser.parse(["--version"]) == .version)
        #expect(try ArgumentParser.parse(["--version", "--help"]) == .help(.root))
    }

    @Test(arguments: [
        (["serve"], CommandID.serve), (["start"], .serve), (["list"], .list), (["ls"], .list),
        (["ps"], .ps), (["ls", "llama"], .list), (["rm", "a", "b"], .rm), (["cp", "a", "b"], .cp),
    ])
    func commandsAndAliases(arguments: [String], id: CommandID) throws {
        #expect(try run(arguments).id == id)
    }

    @Test func helpForEachCommand() throws {
        #expect(try ArgumentParser.parse(["run", "--help"]) == .help(.run))
        #expect(try ArgumentParser.parse(["help", "run"]) == .help(.run))
        #expect(try ArgumentParser.parse(["help", "ls"]) == .help(.list))
        #expect(try ArgumentParser.parse(["ls", "-h"]) == .help(.list))
        // Help skips the arity check, as cobra does.
        #expect(try ArgumentParser.parse(["cp", "-h"]) == .help(.cp))
        #expect(try ArgumentParser.parse(["help", "nope"]) == .unknownHelpTopic("nope"))
    }

    @Test func unknownCommandSuggestsCloseNames() {
        // Distance ≤ 2 or a prefix, in command order.
        #expect(error(["rnu"]) == "unknown command \"rnu\" for \"ollama\"\n\nDid you mean this?\n\trun\n\trm\n")
        #expect(error(["crate"]) == "unknown command \"crate\" for \"ollama\"\n\nDid you mean this?\n\tcreate\n")
        #expect(error(["seve"]) == "unknown command \"seve\" for \"ollama\"\n\nDid you mean this?\n\tserve\n")
        #expect(error(["pul"]) == "unknown command \"pul\" for \"ollama\"\n\nDid you mean this?\n\trun\n\tpull\n\tpush\n\tps\n")
        #expect(error(["zzzzzz"]) == "unknown command \"zzzzzz\" for \"ollama\"")
    }

    // MARK: - Arity

    @Test(arguments: [
        (["run"], "requires at least 1 arg(s), only received 0"),
        (["create"], "accepts 1 arg(s), received 0"),
        (["create", "a", "b"], "accepts 1 arg(s), received 2"),
        (["show"], "accepts 1 arg(s), received 0"),
        (["cp", "a"], "accepts 2 arg(s), received 1"),
        (["rm"], "requires at least 1 arg(s), only received 0"),
        (["serve", "x"], "accepts 0 arg(s), received 1"),
        (["stop"], "accepts 1 arg(s), received 0"),
        (["pull", "a", "b"], "accepts 1 arg(s), received 2"),
    ])
    func arityErrorsMatchCobra(arguments: [String], message: String) {
        #expect(error(arguments) == message)
    }

    // MARK: - Flags

    @Test func runFlagsInEveryForm() throws {
        let parsed = try run([
            "run", "--verbose", "llama3", "--keepalive", "10m", "--format=json", "hello", "--nowordwrap", "world",
        ])
        #expect(parsed.arguments == ["llama3", "hello", "world"])
        #expect(parsed.bool("verbose"))
        #expect(parsed.bool("nowordwrap"))
        #expect(!parsed.bool("insecure"))
        #expect(parsed.string("keepalive") == "10m")
        #expect(parsed.string("format") == "json")
        #expect(parsed.string("think") == nil)
    }

    @Test func thinkTakesAValueOnlyAfterEquals() throws {
        #expect(try run(["run", "m", "--think"]).string("think") == "true")
        #expect(try run(["run", "m", "--think=high"]).string("think") == "high")
        let spaced = try run(["run", "m", "--think", "false"])
        #expect(spaced.string("think") == "true")
        #expect(spaced.arguments == ["m", "false"])
    }

    @Test func boolFlagsAcceptGoSpellings() throws {
        #expect(try run(["run", "m", "--verbose=false"]).bool("verbose") == false)
        #expect(try run(["run", "m", "--verbose=false"]).isSet("verbose"))
        #expect(try run(["run", "m", "--verbose=T"]).bool("verbose"))
        #expect(
            error(["run", "m", "--verbose=yes"])
                == "invalid argument \"yes\" for \"--verbose\" flag: strconv.ParseBool: parsing \"yes\": invalid syntax")
        #expect(
            error(["show", "m", "-v=maybe"])
                == "invalid argument \"maybe\" for \"-v, --verbose\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax")
    }

    @Test func shortFlagsInEveryForm() throws {
        #expect(try run(["create", "m", "-f", "Modelfile.x"]).string("file") == "Modelfile.x")
        #expect(try run(["create", "m", "-fModelfile.x"]).string("file") == "Modelfile.x")
        #expect(try run(["create", "m", "-f=Modelfile.x"]).string("file") == "Modelfile.x")
        #expect(try run(["create", "-q", "q4_0", "m"]).string("quantize") == "q4_0")
        #expect(try run(["create", "--file", "-", "m"]).string("file") == "-")
        #expect(try run(["show", "m", "-v"]).bool("verbose"))
    }

    @Test func intFlags() throws {
        #expect(try run(["run", "m", "--dimensions", "256"]).int("dimensions") == 256)
        #expect(
            error(["run", "m", "--dimensions", "abc"])
                == "invalid argument \"abc\" for \"--dimensions\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax")
    }

    @Test(arguments: [
        (["run", "m", "--x"], "unknown flag: --x"),
        (["run", "m", "--x=1"], "unknown flag: --x"),
        (["--x"], "unknown flag: --x"),
        (["run", "-v", "m"], "unknown shorthand flag: 'v' in -v"),
        (["create", "m", "-fz"], nil),
        (["create", "m", "-zf"], "unknown shorthand flag: 'z' in -zf"),
        (["run", "m", "--keepalive"], "flag needs an argument: --keepalive"),
        (["create", "m", "-f"], "flag needs an argument: 'f' in -f"),
        (["run", "m", "---x"], "bad flag syntax: ---x"),
        (["list", "--insecure"], "unknown flag: --insecure"),
    ])
    func flagErrorsMatchPflag(arguments: [String], message: String?) {
        #expect(error(arguments) == message)
    }

    @Test func doubleDashEndsFlags() throws {
        let parsed = try run(["run", "m", "--", "--verbose", "-x"])
        #expect(parsed.arguments == ["m", "--verbose", "-x"])
        #expect(!parsed.bool("verbose"))
    }

    @Test func flagErrorWinsOverHelp() {
        #expect(error(["run", "--help", "--nope"]) == "unknown flag: --nope")
    }

    @Test func levenshteinDistance() {
        #expect(ArgumentParser.levenshtein("kitten", "sitting") == 3)
        #expect(ArgumentParser.levenshtein("", "abc") == 3)
        #expect(ArgumentParser.levenshtein("run", "run") == 0)
    }
}
