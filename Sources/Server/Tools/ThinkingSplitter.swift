/// Splits streamed output into thinking and content at the template's thinking tags
/// (`<think>` … `</think>`), as ollama's thinking parser does.
///
/// Thinking is recognised only when the output opens with the tag (after whitespace); the
/// whitespace right after either tag is dropped. A partial closing tag is held back until it
/// completes or proves not to be one. `startsInThinking` is for templates that already wrote
/// the opening tag into the prompt.
package struct ThinkingSplitter {
    /// What one piece of output became.
    package struct Output: Equatable, Sendable {
        package var thinking = ""
        package var content = ""

        package init(thinking: String = "", content: String = "") {
            self.thinking = thinking
            self.content = content
        }
    }

    private enum State {
        case lookingForOpening
        case thinkingStart  // eating whitespace after the opening tag
        case thinking
        case thinkingEnd  // eating whitespace after the closing tag
        case done
    }

    let opening: String
    let closing: String
    private var state: State
    private var held = ""

    package init(opening: String = "<think>", closing: String = "</think>", startsInThinking: Bool = false) {
        self.opening = opening
        self.closing = closing
        state = startsInThinking ? .thinkingStart : .lookingForOpening
    }

    /// Whether the thinking section has ended (or there was none).
    package var isThinkingDone: Bool { state == .thinkingEnd || state == .done }

    /// Adds generated text; returns what is now known to be thinking and content.
    package mutating func add(_ text: String) -> Output {
        held += text
        var out = Output()
        while step(&out) {}
        return out
    }

    /// Ends the stream, releasing what was held back.
    package mutating func finish() -> Output {
        var out = Output()
        switch state {
        case .lookingForOpening, .done: out.content = held
        case .thinking, .thinkingStart: out.thinking = state == .thinking ? held : ""
        case .thinkingEnd: break
        }
        held = ""
        return out
    }

    /// One transition; true when another may follow.
    private mutating func step(_ out: inout Output) -> Bool {
        switch state {
        case .lookingForOpening:
            let trimmed = Self.trimLeadingSpace(held)
            if trimmed.hasPrefix(opening) {
                held = String(trimmed.dropFirst(opening.count))
                state = .thinkingStart
                return true
            }
            if opening.hasPrefix(trimmed) { return false }  // maybe the tag, or only whitespace
            out.content += held
            held = ""
            state = .done
            return false
        case .thinkingStart:
            held = Self.trimLeadingSpace(held)
            if held.isEmpty { return false }
            state = .thinking
            return true
        case .thinking:
            if let range = held.range(of: closing) {
                out.thinking += held[..<range.lowerBound]
                held = String(held[range.upperBound...])
                state = .thinkingEnd
                return true
            }
            let keep = Self.overlap(held, closing)
            out.thinking += held.dropLast(keep)
            held = String(held.suffix(keep))
            return false
        case .thinkingEnd:
            held = Self.trimLeadingSpace(held)
            if held.isEmpty { return false }
            state = .done
            return true
        case .done:
            out.content += held
            held = ""
            return false
        }
    }

    private static func trimLeadingSpace(_ s: String) -> String {
        String(s.drop { $0.isWhitespace })
    }

    /// The length (in characters) of the longest end of `s` that begins `tag`.
    private static func overlap(_ s: String, _ tag: String) -> Int {
        var n = min(tag.count - 1, s.count)
        while n > 0 {
            if s.hasSuffix(tag.prefix(n)) { return n }
            n -= 1
        }
        return 0
    }
}
