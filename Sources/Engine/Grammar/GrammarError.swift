/// Why a grammar cannot be compiled or a token cannot be accepted.
package enum GrammarError: Error, Equatable, CustomStringConvertible {
    /// A rule is referenced but never defined.
    case undefinedRule(String)
    /// A rule can call itself without consuming a byte (the matcher would loop forever).
    case leftRecursion(String)
    /// A repetition bound is negative or inverted.
    case invalidRepetition(min: Int, max: Int)
    /// The grammar is too large to compile (more positions than the limit).
    case tooLarge(positions: Int)
    /// A generated token is not allowed by the grammar at this point.
    case tokenRejected(Int32)

    package var description: String {
        switch self {
        case .undefinedRule(let name): return "grammar rule \(name) is referenced but not defined"
        case .leftRecursion(let name): return "grammar rule \(name) is left-recursive"
        case .invalidRepetition(let min, let max): return "invalid repetition {\(min),\(max)}"
        case .tooLarge(let n): return "grammar too large (\(n) states)"
        case .tokenRejected(let t): return "token \(t) is not allowed by the grammar"
        }
    }
}
