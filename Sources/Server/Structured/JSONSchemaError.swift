/// Why a `format` cannot be enforced; the server answers 400 with the message.
package enum JSONSchemaError: Error, Equatable, CustomStringConvertible, HTTPResponseError {
    /// `format` is neither "json" nor a schema object (ollama's wording).
    case invalidFormat(String)
    /// A keyword (or a use of one) this implementation does not enforce.
    case unsupported(keyword: String, path: String, detail: String)
    /// A keyword has a value of the wrong shape.
    case invalid(path: String, reason: String)
    /// A `$ref` that does not point into the schema.
    case unresolvedReference(String, path: String)
    /// No JSON value can satisfy the schema (`false`, an empty `enum`, …).
    case unsatisfiable(path: String, reason: String)

    package var description: String {
        switch self {
        case .invalidFormat(let raw):
            return "invalid format: \(raw); expected \"json\" or a valid JSON Schema object"
        case .unsupported(let keyword, let path, let detail):
            let base = "unsupported JSON schema keyword \"\(keyword)\" at \(path)"
            return detail.isEmpty ? base : "\(base): \(detail)"
        case .invalid(let path, let reason):
            return "invalid JSON schema at \(path): \(reason)"
        case .unresolvedReference(let ref, let path):
            return "invalid JSON schema at \(path): cannot resolve $ref \"\(ref)\""
        case .unsatisfiable(let path, let reason):
            return "invalid JSON schema at \(path): \(reason)"
        }
    }

    package var status: HTTPStatus { .badRequest }
    package var message: String { description }
}
