import Engine

/// Restricts which tokens generation may sample (structured outputs: a JSON grammar).
///
/// The pipeline asks `allows` for candidate tokens before each sample and reports every sampled
/// token through `accept`, so the constraint can advance its state. A constraint that is
/// complete should allow only end-of-generation tokens.
package protocol TokenConstraint: AnyObject {
    /// Whether `token` may be sampled next.
    func allows(_ token: Int32) -> Bool
    /// Advances past `token`, which was sampled.
    func accept(_ token: Int32)
}

/// Builds the constraint for a request's `format` (`"json"` or a JSON Schema object).
package protocol FormatConstraintFactory: Sendable {
    /// The constraint for `format`, or nil to generate unconstrained.
    /// - Throws: an error whose message is sent to the client (400) when the schema is unusable.
    func constraint(for format: JSONValue, tokenizer: Tokenizer) throws -> (any TokenConstraint)?
}

/// The factory used until structured outputs are built: every format generates unconstrained.
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
