import Foundation
import Server
import Testing
import TestSupport

/// The reference conversations of the goldens, keyed by the file name (roles joined by `-`).
private func conversation(_ name: String) -> [PromptMessage] {
    var users = 0
    return name.split(separator: "-").map { role -> PromptMessage in
        switch role {
        case "system": return PromptMessage(role: "system", content: "You are a helpful assistant.")
        case "assistant": return PromptMessage(role: "assistant", content: "I'm doing great. How can I help you today?")
        default:
            users += 1
            return PromptMessage(role: "user", content: users == 1 ? "Hello, how are you?" : "I'd like to show off how chat templating works!")
        }
    }
}

private let conversations = ["user", "system-user", "user-assistant-user", "system-user-assistant-user"]

@Suite struct TemplateGoldenTests {
    /// Every built-in template rendered on every reference conversation, compared byte for byte
    /// with `Fixtures/templates/<name>/<roles>`. `RECORD_GOLDENS=1` rewrites them (and still fails).
    @Test(arguments: NamedTemplates.all.map(\.name))
    func namedTemplateMatchesGoldens(name: String) throws {
        let named = try #require(NamedTemplates.named(name))
        let renderer = ChatPromptRenderer(template: try PromptTemplate(named.template))
        let record = ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1"
        for roles in conversations {
            let url = TestPaths.fixture("templates/\(name)/\(roles)", target: "ServerTests")
            let rendered = try renderer.render(PromptValues(messages: conversation(roles)))
            if record {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try rendered.write(to: url, atomically: true, encoding: .utf8)
                Issue.record("recorded \(url.path); review the diff and rerun without RECORD_GOLDENS")
                continue
            }
            let expected = try String(contentsOf: try TestPaths.require(url), encoding: .utf8)
            #expect(rendered == expected, "\(name)/\(roles)")
        }
    }

    @Test func everyNamedTemplateHasStopsAndMessagesSupport() throws {
        for named in NamedTemplates.all {
            #expect(!named.stop.isEmpty, "\(named.name)")
            #expect(try PromptTemplate(named.template).usesMessages, "\(named.name)")
        }
        #expect(NamedTemplates.chatml.parametersJSON.serialized() == #"{"stop":["\u003c|im_start|\u003e","\u003c|im_end|\u003e"]}"#)
        #expect(NamedTemplates.gemma3Instruct.parametersJSON.serialized() == #"{"stop":["\u003cend_of_turn\u003e"],"temperature":0.1}"#)
    }
}
