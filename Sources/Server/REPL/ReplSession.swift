import Foundation
import Registry

/// The state of an interactive `ollama run` session: model, system prompt, parameters, the
/// conversation, and the display settings `/set` changes (ollama's `runOptions`).
package struct ReplSession: Sendable {
    package var model: String
    package var system: String = ""
    /// Parameters set with `/set parameter`, typed as the Modelfile types them.
    package var options = JSONObject()
    package var messages: [ChatMessage] = []
    /// `"json"` or nil.
    package var format: String?
    package var verbose = false
    package var wordWrap = true
    package var think: ThinkValue?
    package var keepAlive: KeepAlive?

    package init(model: String) {
        self.model = model
    }

    /// The chat request for the conversation so far.
    package func chatRequest() -> ChatRequest {
        ChatRequest(model: model, messages: messages, format: format.map { JSONValue.string($0) },
                    options: options.isEmpty ? nil : options, keepAlive: keepAlive, think: think)
    }

    /// Applies a `/set` command that needs no server; returns the line to print.
    package mutating func apply(_ command: ReplCommand) -> String? {
        switch command {
        case .setParameter(let key, let values):
            do {
                let value = try ParameterTable.format(key: key, values: values)
                options[key] = Self.json(value)
                return "Set parameter '\(key)' to '\(values.joined(separator: ", "))'"
            } catch {
                return "Couldn't set parameter: \(error)"
            }
        case .setSystem(let text):
            system = text
            messages.removeAll { $0.role == "system" }
            if !text.isEmpty { messages.insert(ChatMessage(role: "system", content: text), at: 0) }
            return "Set system message."
        case .setFlag(let flag, let argument):
            switch flag {
            case "verbose": verbose = true; return "Set 'verbose' mode."
            case "quiet": verbose = false; return "Set 'quiet' mode."
            case "wordwrap": wordWrap = true; return "Set 'wordwrap' mode."
            case "nowordwrap": wordWrap = false; return "Set 'nowordwrap' mode."
            case "history": return "Set 'history' mode."
            case "nohistory": return "Set 'nohistory' mode."
            case "noformat": format = nil; return "Disabled format."
            case "format":
                guard argument == "json" else { return "Invalid or missing format. For 'json' mode use '/set format json'" }
                format = "json"
                return "Set format to 'json' mode."
            case "nothink": think = .enabled(false); return "Set 'nothink' mode."
            case "think":
                if let argument, ThinkValue.levels.contains(argument) {
                    think = .level(argument)
                    return "Set 'think' mode to '\(argument)'."
                }
                think = .enabled(true)
                return "Set 'think' mode."
            default:
                return "Unknown command '/set \(flag)'. Type /? for help"
            }
        case .clear:
            messages.removeAll { $0.role != "system" }
            return "Cleared session context"
        default:
            return nil
        }
    }

    /// The JSON form of a typed parameter (`stop` is an array).
    static func json(_ value: ParameterValue) -> JSONValue {
        switch value {
        case .int(let v): return .int(v)
        case .float(let v): return .number(Double(v))
        case .bool(let v): return .bool(v)
        case .string(let v): return .string(v)
        case .strings(let v): return .array(v.map { .string($0) })
        }
    }

    /// `/?` and `/help`.
    package static let help = """
        Available Commands:
          /set            Set session variables
          /show           Show model information
          /load <model>   Load a session or model
          /save <model>   Save your current session
          /clear          Clear session context
          /bye            Exit
          /?, /help       Help for a command
          /? shortcuts    Help for keyboard shortcuts

        Use \"\"\" to begin a multi-line message.


        """

    /// `/set` without arguments.
    package static let setHelp = """
        Available Commands:
          /set parameter ...     Set a parameter
          /set system <string>   Set system message
          /set history           Enable history
          /set nohistory         Disable history
          /set wordwrap          Enable wordwrap
          /set nowordwrap        Disable wordwrap
          /set format json       Enable JSON mode
          /set noformat          Disable formatting
          /set verbose           Show LLM stats
          /set quiet             Disable LLM stats
          /set think             Enable thinking
          /set nothink           Disable thinking


        """

    /// `/show` without arguments.
    package static let showHelp = """
        Available Commands:
          /show info         Show details for this model
          /show license      Show model license
          /show modelfile    Show Modelfile for this model
          /show parameters   Show parameters for this model
          /show system       Show system message
          /show template     Show prompt template


        """

    /// `/? shortcuts`.
    package static let shortcutsHelp = """
        Available keyboard shortcuts:
          Ctrl + a            Move to the beginning of the line (Home)
          Ctrl + e            Move to the end of the line (End)
           Alt + b            Move back (left) one word
           Alt + f            Move forward (right) one word
          Ctrl + k            Delete the sentence after the cursor
          Ctrl + u            Delete the sentence before the cursor
          Ctrl + w            Delete the word before the cursor

          Ctrl + l            Clear the screen
          Ctrl + c            Stop the model from responding
          Ctrl + d            Exit ollama (/bye)


        """
}

/// ollama's `--verbose` timing block (printed on stderr after an answer).
package enum VerboseStats {
    package static func render(_ m: GenerationMetrics) -> String {
        func duration(_ ns: Int64) -> String { GoDurationFormat.string(nanoseconds: ns) }
        func rate(_ count: Int, _ ns: Int64) -> String {
            guard ns > 0 else { return "0.00" }
            return String(format: "%.2f", Double(count) / (Double(ns) / 1e9))
        }
        var out = ""
        out += "total duration:       \(duration(m.totalDuration))\n"
        out += "load duration:        \(duration(m.loadDuration))\n"
        out += "prompt eval count:    \(m.promptEvalCount) token(s)\n"
        out += "prompt eval duration: \(duration(m.promptEvalDuration))\n"
        out += "prompt eval rate:     \(rate(m.promptEvalCount, m.promptEvalDuration)) tokens/s\n"
        out += "eval count:           \(m.evalCount) token(s)\n"
        out += "eval duration:        \(duration(m.evalDuration))\n"
        out += "eval rate:            \(rate(m.evalCount, m.evalDuration)) tokens/s\n"
        return out
    }
}
