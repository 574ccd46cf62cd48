import Engine
import Foundation

/// A JSON format's constraint that also refuses the tokens looping documents are made of: a
/// token that completes a duplicate key, or continues a container whose last `repeatLimit`
/// elements repeat earlier ones (see `JSONRepetitionState` for why these are never wanted).
///
/// The grammar masks first; then, only while a refusal is possible (an object has a key, or an
/// container has a run of repeated elements), the still-allowed tokens that contain `"` (keys) or `,`
/// (items) are tried on a copy of the state. An item is refused only where the grammar would let
/// the array close instead (a schema's `minItems` not reached yet keeps the comma), and if the
/// refusals would leave no token at all they are dropped: the grammar's word is final.
package final class JSONRepetitionGuard: TokenConstraint {
    /// The grammar's constraint.
    package let inner: GrammarConstraint
    private let tokenizer: Tokenizer
    private let candidates: JSONPunctuationTokens
    package private(set) var state = JSONRepetitionState()
    /// Scratch: tokens refused this step and their logits.
    private var refused: [(token: Int, logit: Float)] = []

    package init(inner: GrammarConstraint, tokenizer: Tokenizer) {
        self.inner = inner
        self.tokenizer = tokenizer
        candidates = JSONPunctuationTokens.shared(for: tokenizer)
    }

    package var isComplete: Bool { inner.isComplete }

    package func setBudget(remaining: Int) {
        inner.setBudget(remaining: remaining)
    }

    package func accept(_ token: Int32) throws {
        try inner.accept(token)
        if !tokenizer.isEndOfGeneration(token) { state.advance(tokenizer.pieceBytes(token)) }
    }

    package func mask(_ logits: UnsafeMutablePointer<Float>, count: Int) -> Int {
        let allowed = inner.mask(logits, count: count)
        guard allowed > 0 else { return allowed }
        refused.removeAll(keepingCapacity: true)
        if state.hasKeys { refuse(candidates.quote, logits, count) }
        if state.hasRun { refuse(candidates.comma, logits, count) }
        if refused.count >= allowed {
            for r in refused { logits[r.token] = r.logit }
            return allowed
        }
        return allowed - refused.count
    }

    private static let closeArray: [UInt8] = [UInt8(ascii: "]")]
    private static let closeObject: [UInt8] = [UInt8(ascii: "}")]

    /// Sets -∞ on the allowed tokens of `list` that the state refuses.
    private func refuse(_ list: [(token: Int32, bytes: [UInt8])], _ logits: UnsafeMutablePointer<Float>, _ count: Int) {
        for (token, bytes) in list {
            let t = Int(token)
            guard t < count, logits[t] != -.infinity, let (refusal, offset) = state.refusalAndOffset(bytes) else { continue }
            if refusal != .duplicateKey {
                // Only where the container could close instead (the grammar may still want items).
                let close = refusal == .repeatedItem ? Self.closeArray : Self.closeObject
                if !inner.allows(Array(bytes[..<offset]) + close) { continue }
            }
            refused.append((t, logits[t]))
            logits[t] = -.infinity
        }
    }
}

/// The tokens of a vocabulary whose bytes contain `"` or `,`: the only ones that can close a
/// key or continue an array. Built once per tokenizer.
final class JSONPunctuationTokens: @unchecked Sendable {
    let quote: [(token: Int32, bytes: [UInt8])]
    let comma: [(token: Int32, bytes: [UInt8])]

    init(tokenizer: Tokenizer) {
        var quote: [(token: Int32, bytes: [UInt8])] = []
        var comma: [(token: Int32, bytes: [UInt8])] = []
        for t in 0..<tokenizer.vocabularySize {
            let id = Int32(t)
            if tokenizer.isEndOfGeneration(id) { continue }
            let bytes = tokenizer.pieceBytes(id)
            if bytes.contains(UInt8(ascii: "\"")) { quote.append((id, bytes)) }
            if bytes.contains(UInt8(ascii: ",")) { comma.append((id, bytes)) }
        }
        self.quote = quote
        self.comma = comma
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [ObjectIdentifier: (tokenizer: Weak, tokens: JSONPunctuationTokens)] = [:]

    private final class Weak {
        weak var value: Tokenizer?
        init(_ value: Tokenizer) { self.value = value }
    }

    /// The lists of `tokenizer`, built on first use and kept while the tokenizer lives.
    static func shared(for tokenizer: Tokenizer) -> JSONPunctuationTokens {
        let key = ObjectIdentifier(tokenizer)
        lock.lock()
        defer { lock.unlock() }
        if let entry = cache[key], entry.tokenizer.value === tokenizer { return entry.tokens }
        cache = cache.filter { $0.value.tokenizer.value != nil }
        let tokens = JSONPunctuationTokens(tokenizer: tokenizer)
        cache[key] = (Weak(tokenizer), tokens)
        return tokens
    }
}
