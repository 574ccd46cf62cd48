import Foundation

/// A sampled token's log-probability under the model, with the most likely alternatives
/// (the `logprobs` of ollama's and OpenAI's APIs).
///
/// Log-probabilities are the log-softmax of the model's raw output logits: before repetition
/// penalties, temperature, truncation and grammar masks, i.e. the model's own distribution.
package struct TokenLogprob: Sendable, Equatable {
    /// One token and its log-probability.
    package struct Candidate: Sendable, Equatable {
        package var token: Int32
        package var logprob: Float
    }

    /// The sampled token.
    package var token: Int32
    /// Its natural-log probability (≤ 0).
    package var logprob: Float
    /// The most likely tokens, most likely first (ties: lower id first); empty when 0 were asked.
    package var top: [Candidate]
}

/// Captures a logits row before sampling and answers log-probabilities for the sampled token.
///
/// The row buffer is allocated once (`vocabularySize` floats); a capture copies the row,
/// computes its log-sum-exp and keeps the `topCount` best candidates.
struct LogprobRecorder {
    /// Alternatives to report per token (0...20).
    let topCount: Int
    /// The captured logits: [vocabularySize].
    private var row: [Float]
    /// log Σ exp(logit) over the captured row.
    private var logSumExp: Float = 0
    /// The best `topCount` candidates of the captured row, most likely first.
    private var best: [TokenLogprob.Candidate] = []

    init(vocabularySize: Int, topCount: Int) {
        precondition(topCount >= 0, "topCount must not be negative")
        self.topCount = topCount
        row = [Float](repeating: 0, count: vocabularySize)
        best.reserveCapacity(topCount + 1)
    }

    /// Copies `logits` (the row's length) and computes its statistics. Call before the sampler,
    /// which may modify the logits in place.
    mutating func capture(_ logits: UnsafePointer<Float>) {
        let n = row.count
        let k = topCount
        var top = best
        top.removeAll(keepingCapacity: true)
        var maxLogit = -Float.infinity
        row.withUnsafeMutableBufferPointer { out in
            for i in 0..<n {
                let v = logits[i]
                out[i] = v
                if v > maxLogit { maxLogit = v }
                // Keep the k best (ids ascend, so an equal logit never displaces an earlier id).
                guard k > 0, !v.isNaN, top.count < k || v > top[top.count - 1].logprob else { continue }
                var at = top.count
                while at > 0, top[at - 1].logprob < v { at -= 1 }
                top.insert(TokenLogprob.Candidate(token: Int32(i), logprob: v), at: at)
                if top.count > k { top.removeLast() }
            }
        }
        var sum = 0.0
        if maxLogit.isFinite {
            for v in row where !v.isNaN { sum += exp(Double(v - maxLogit)) }
        }
        logSumExp = sum > 0 ? maxLogit + Float(log(sum)) : 0
        for i in top.indices { top[i].logprob -= logSumExp }
        best = top
    }

    /// The log-probability of `token` in the captured row, with the top candidates.
    func logprob(for token: Int32) -> TokenLogprob {
        let value: Float = token >= 0 && Int(token) < row.count ? row[Int(token)] - logSumExp : -.infinity
        return TokenLogprob(token: token, logprob: value.isNaN ? -.infinity : value, top: best)
    }
}
