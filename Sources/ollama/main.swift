// `ollama`: parse the command line, run the command, map the outcome to an exit status.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let status = BenchCommand.runIfHidden(Array(CommandLine.arguments.dropFirst())) ?? CLI.main(arguments: Array(CommandLine.arguments.dropFirst()))
exit(status.rawValue)
