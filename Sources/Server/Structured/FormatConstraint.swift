import Engine
import Foundation

/// Builds the token constraint for a request's `format` (`/api/generate`, `/api/chat`, and
/// `/v1` `response_format` once mapped to the same value): the format's grammar, with the
/// repetition guard that makes looping documents close (`JSONRepetitionGuard`).
///
/// - Parameters:
///   - format: nil, `null` or `""` for none; `"json"` for any JSON object; a schema object.
///   - tokenizer: the model's tokenizer.
/// - Returns: nil when there is no format.
/// - Throws: `JSONSchemaError` (status 400) for another value or a schema that cannot be enforced.
package func makeFormatConstraint(format: JSONValue?, tokenizer: Tokenizer) throws -> (any TokenConstraint)? {
    guard let automaton = try FormatAutomata.shared.automaton(for: format) else { return nil }
    return JSONRepetitionGuard(inner: GrammarConstraint(automaton: automaton, tokenizer: tokenizer), tokenizer: tokenizer)
}

/// Compiled formats, kept so that clients repeating a schema skip its compilation.
package final class FormatAutomata: @unchecked Sendable {
    package static let shared = FormatAutomata()
    private let lock = NSLock()
    private var cache: [String: GrammarAutomaton] = [:]
    private var order: [String] = []
    static let limit = 32

    /// The automaton of `format` (nil for none).
    package func automaton(for format: JSONValue?) throws -> GrammarAutomaton? {
        let key: String
        switch format {
        case nil, .null?, .string("")?: return nil
        case .string("json")?: key = "json"
        case .object?: key = format.map { $0.serialized(escapeHTML: false) } ?? ""
        case let other?: throw JSONSchemaError.invalidFormat(GoQuote.quote(other.serialized(escapeHTML: false)))
        }
        lock.lock()
        if let hit = cache[key] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let grammar = key == "json" ? JSONGrammar.anyObject : try JSONSchemaCompiler.compile(format ?? .null)
        let automaton: GrammarAutomaton
        do {
            automaton = try GrammarAutomaton(grammar)
        } catch GrammarError.leftRecursion(let rule) {
            throw JSONSchemaError.invalid(path: rule, reason: "the schema refers to itself without consuming input")
        } catch GrammarError.tooLarge {
            throw JSONSchemaError.invalid(path: "#", reason: "the schema is too large to enforce")
        }
        lock.lock()
        defer { lock.unlock() }
        if cache.count >= Self.limit, !order.isEmpty { cache[order.removeFirst()] = nil }
        cache[key] = automaton
        order.append(key)
        return automaton
    }
}

/// The server's structured outputs: `format` compiled to a grammar over the model's vocabulary.
package struct GrammarFormats: FormatConstraintFactory {
    package init() {}

    package func constraint(for format: JSONValue, tokenizer: Tokenizer) throws -> (any TokenConstraint)? {
        try makeFormatConstraint(format: format, tokenizer: tokenizer)
    }
}
