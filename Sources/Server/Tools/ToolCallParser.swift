import Foundation

/// Splits a model's streamed output into content and tool calls (ollama's Go-template path).
///
/// The tool-call format comes from the template (`PromptTemplate.toolCallTag`): a tag such as
/// `<tool_call>` followed by a JSON call (and optionally its closing tag `</tool_call>`), or, when
/// the tag is `{`, bare JSON: an object or array of calls. Text that might still become a call
/// (a partial tag, an unfinished JSON value) is held back; once it proves not to be a call it is
/// released as content. Nothing is ever dropped: `finish()` releases whatever is still held.
package struct ToolCallParser {
    /// What one piece of output became.
    package struct Output: Equatable, Sendable {
        package var content = ""
        package var calls: [ParsedToolCall] = []

        package init(content: String = "", calls: [ParsedToolCall] = []) {
            self.content = content
            self.calls = calls
        }
    }

    private enum State {
        /// Plain text; looking for the tag.
        case content
        /// The tag (or a JSON opening bracket) starts `buffer`; reading the call.
        case call
        /// A call was read; eating whitespace and the closing tag.
        case afterCall
    }

    /// The opening tag; nil in bare-JSON mode.
    let tag: [UInt8]?
    /// `</x>` for a tag `<x>`.
    let closingTag: [UInt8]?
    /// Names of the offered tools (empty = accept any name).
    let names: Set<String>
    private var state = State.content
    private var buffer: [UInt8] = []
    /// Calls found so far (for `index`).
    package private(set) var callCount = 0

    /// A parser for the tag `tag` (`"{"`, `"["` or `""` mean bare JSON).
    package init(tag: String, toolNames: [String] = []) {
        let trimmed = tag.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed == "{" || trimmed == "[" {
            self.tag = nil
            closingTag = nil
        } else {
            self.tag = Array(trimmed.utf8)
            if trimmed.hasPrefix("<"), trimmed.hasSuffix(">"), !trimmed.hasPrefix("</") {
                closingTag = Array("</\(trimmed.dropFirst())".utf8)
            } else {
                closingTag = nil
            }
        }
        names = Set(toolNames)
    }

    /// Adds generated text; returns the content now safe to show and the calls completed.
    package mutating func add(_ text: String) -> Output {
        buffer.append(contentsOf: text.utf8)
        return process(final: false)
    }

    /// Ends the stream: anything held back that did not become a call is content.
    package mutating func finish() -> Output {
        var out = process(final: true)
        out.content += String(decoding: buffer, as: UTF8.self)
        buffer.removeAll()
        state = .content
        return out
    }

    private mutating func process(final: Bool) -> Output {
        var out = Output()
        var released: [UInt8] = []
        loop: while !buffer.isEmpty {
            switch state {
            case .content:
                if let start = tagStart() {
                    released.append(contentsOf: buffer[..<start])
                    buffer.removeFirst(start)
                    state = .call
                } else {
                    let hold = final ? 0 : heldSuffix()
                    released.append(contentsOf: buffer[..<(buffer.count - hold)])
                    buffer.removeFirst(buffer.count - hold)
                    break loop
                }
            case .call:
                switch readCalls(final: final) {
                case .waiting:
                    break loop
                case .failed:
                    // Not a call: the tag (or bracket) is content; look again after it.
                    let skip = tag?.count ?? 1
                    released.append(contentsOf: buffer[..<skip])
                    buffer.removeFirst(skip)
                    state = .content
                case .read(let calls, let end):
                    for var call in calls {
                        call.index = callCount
                        callCount += 1
                        out.calls.append(call)
                    }
                    buffer.removeFirst(end)
                    state = .afterCall
                }
            case .afterCall:
                let ws = buffer.prefix { Self.isSpace($0) }.count
                if ws == buffer.count {
                    if final { buffer.removeAll() }
                    break loop
                }
                if let closing = closingTag {
                    let rest = buffer[ws...]
                    if rest.starts(with: closing) {
                        buffer.removeFirst(ws + closing.count)
                        continue loop
                    }
                    if !final, closing.starts(with: rest) { break loop }
                }
                buffer.removeFirst(ws)
                state = .content
            }
        }
        out.content = String(decoding: released, as: UTF8.self)
        return out
    }

    private enum ReadResult {
        case waiting
        case failed
        case read([ParsedToolCall], end: Int)
    }

    /// Reads the JSON call(s) at the start of `buffer` (after the tag in tag mode).
    private func readCalls(final: Bool) -> ReadResult {
        var p = tag?.count ?? 0
        if let tag, buffer.count < tag.count { return final ? .failed : .waiting }
        while p < buffer.count, Self.isSpace(buffer[p]) { p += 1 }
        guard p < buffer.count else { return final ? .failed : .waiting }
        guard buffer[p] == UInt8(ascii: "{") || buffer[p] == UInt8(ascii: "[") else { return .failed }
        switch JSONValueScanner.scan(buffer, from: p) {
        case .incomplete: return final ? .failed : .waiting
        case .invalid: return .failed
        case .end(let end):
            guard let value = try? JSONParser().parse(buffer[p..<end]),
                  let calls = ParsedToolCall.calls(in: value, names: names)
            else { return .failed }
            return .read(calls, end: end)
        }
    }

    /// Where a call may start in `buffer`: the tag, or in bare-JSON mode the first `{` or `[`.
    private func tagStart() -> Int? {
        guard let tag else {
            return buffer.firstIndex { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") }
        }
        guard buffer.count >= tag.count else { return nil }
        var i = 0
        while i + tag.count <= buffer.count {
            if buffer[i] == tag[0], buffer[i..<(i + tag.count)].elementsEqual(tag) { return i }
            i += 1
        }
        return nil
    }

    /// The length of the longest end of `buffer` that begins the tag (held back: it may complete).
    private func heldSuffix() -> Int {
        guard let tag else { return 0 }
        var n = min(tag.count - 1, buffer.count)
        while n > 0 {
            if buffer[(buffer.count - n)...].elementsEqual(tag[..<n]) { return n }
            n -= 1
        }
        return 0
    }

    private static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
    }
}
