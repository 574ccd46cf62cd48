import Engine

// `TokenConstraint` is the engine's (Engine/Grammar): the generator masks the logits with it
// before sampling, accepts each sampled token, and stops once the constraint is complete.

/// Builds the constraint for a request's `format` (`"json"` or a JSON Schema object).
package protocol FormatConstraintFactory: Sendable {
    /// The constraint for `format`, or nil to generate unconstrained.
    /// - Throws: an error whose message is sent to the client (400) when the schema is unusable.
    func constraint(for format: JSONValue, tokenizer: Tokenizer) throws -> (any TokenConstraint)?
}

/// A factory that never constrains (tests of routes that do not exercise structured outputs).
package struct UnconstrainedFormat: FormatConstraintFactory {
    package init() {}

    package func constraint(for format: JSONValue, tokenizer: Tokenizer) throws -> (any TokenConstraint)? { nil }
}

/// A request's `format`, validated as ollama does.
package enum ResponseFormat {
    /// The format to constrain with: nil for none (`null`, `""`), else `"json"` or a schema object.
    /// - Throws: 400 `invalid format: "<raw json>"; expected "json" or a valid JSON Schema object`.
    package static func validate(_ format: JSONValue?) throws -> JSONValue? {
        guard let format else { return nil }
        switch format {
        case .null: return nil
        case .string(""): return nil
        case .string("json"): return format
        case .object: return format
        default:
            let raw = format.serialized(escapeHTML: false)
            throw GenerationError.badRequest(
                "invalid format: \(GoQuote.quote(raw)); expected \"json\" or a valid JSON Schema object")
        }
    }
}
