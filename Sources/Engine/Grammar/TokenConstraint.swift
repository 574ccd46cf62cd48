/// Restricts which tokens a generation may sample (structured outputs).
///
/// Each step the generator calls `mask` on the model's logits, samples, then `accept`s the
/// token; it stops with `stop` once `isComplete`.
package protocol TokenConstraint: AnyObject {
    /// Sets the logits of the tokens not allowed now to -∞.
    ///
    /// - Parameters:
    ///   - logits: the logits row, `count` floats (may exceed the tokenizer's vocabulary).
    /// - Returns: the number of tokens left allowed (0 = dead end).
    func mask(_ logits: UnsafeMutablePointer<Float>, count: Int) -> Int

    /// Advances past a sampled token.
    ///
    /// - Throws: when the token was not allowed.
    func accept(_ token: Int32) throws

    /// Whether the constrained text is finished: nothing more may follow.
    var isComplete: Bool { get }

    /// Tells how many tokens may still be sampled, the next one included (called before each
    /// `mask`). A constraint uses it to close its document before the budget runs out: output
    /// cut off at `num_predict` or at a full context would be invalid (ollama and llama.cpp
    /// just truncate it there).
    func setBudget(remaining: Int)
}

extension TokenConstraint {
    /// Ignores the budget (constraints whose output needs no closing).
    package func setBudget(remaining: Int) {}
}
