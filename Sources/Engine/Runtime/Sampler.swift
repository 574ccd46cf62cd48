import Foundation

/// Picks the next token from a row of logits (llama.cpp's default chain: penalties → top-k →
/// typical → top-p → min-p → temperature → draw; temperature 0 is greedy after the penalties).
///
/// Buffers are allocated once per vocabulary size, so sampling allocates nothing per token.
public final class Sampler {
    public var options: SamplerOptions
    var rng: RandomGenerator
    /// Candidate token ids and their logits, then probabilities; `count` of them are live.
    var ids: [Int32]
    var values: [Float]
    var count = 0
    /// Occurrences of each token in the penalty window.
    var seen: [Int32: Int32] = [:]
    /// The top-k min-heap, kept across calls (grown to the largest k seen).
    var heapIds: [Int32] = []
    var heapValues: [Float] = []

    public init(options: SamplerOptions, vocabularySize: Int) {
        self.options = options
        rng = RandomGenerator(seed: options.seed ?? UInt64.random(in: 0...UInt64.max))
        ids = [Int32](repeating: 0, count: vocabularySize)
        values = [Float](repeating: 0, count: vocabularySize)
    }

    /// Samples a token from `logits` (vocabularySize floats; modified by the penalties).
    ///
    /// - Parameters:
    ///   - logits: the model's output row.
    ///   - history: the tokens of the context so far, for the repetition penalties.
    public func sample(
        _ logits: UnsafeMutablePointer<Float>, history: ArraySlice<Int32>
    ) -> Int32 {
        applyPenalties(logits, history: history)
        if options.temperature <= 0 { return argmax(logits) }
        loadCandidates(logits)
        if count == 0 { return 0 }
        if options.temperature <= 0 { return greedy() }
        if options.topK > 0 { keepTopK(options.topK) } else { sortDescending() }
        softmax()
        if options.typicalP > 0, options.typicalP < 1 { keepTypical(options.typicalP) }
        if options.topP > 0, options.topP < 1 { keepTopP(options.topP) }
        if options.minP > 0 { keepMinP(options.minP) }
        applyTemperature(options.temperature)
        return draw()
    }

    /// Copies the finite logits into the candidate arrays (a constraint masks with -∞).
    func loadCandidates(_ logits: UnsafeMutablePointer<Float>) {
        count = 0
        let n = ids.count
        ids.withUnsafeMutableBufferPointer { idBuf in
            values.withUnsafeMutableBufferPointer { valBuf in
                for i in 0..<n {
                    let token = Int32(i)
                    let v = logits[i]
                    if v.isNaN || v == -.infinity { continue }
                    idBuf[count] = token
                    valBuf[count] = v
                    count += 1
                }
            }
        }
    }

    /// The token with the highest logit, NaN and −∞ excluded (0 if none); ties go to the lowest
    /// id. The same choice as `loadCandidates` then `greedy`, without copying the vocabulary.
    func argmax(_ logits: UnsafeMutablePointer<Float>) -> Int32 {
        var best = -1
        var bestValue = -Float.infinity
        for i in 0..<ids.count {
            let v = logits[i]
            if v.isNaN || v == -.infinity { continue }
            if best < 0 || v > bestValue {
                best = i
                bestValue = v
            }
        }
        return best < 0 ? 0 : Int32(best)
    }

    /// The candidate with the highest logit; ties go to the lowest id.
    func greedy() -> Int32 {
        var best = 0
        for i in 1..<count where values[i] > values[best] { best = i }
        return ids[best]
    }

    /// Draws from the (normalised) probabilities in `values[0..<count]`.
    func draw() -> Int32 {
        var total: Float = 0
        for i in 0..<count { total += values[i] }
        let target = rng.nextUnit() * total
        var acc: Float = 0
        for i in 0..<count {
            acc += values[i]
            if target < acc { return ids[i] }
        }
        return ids[count - 1]
    }
}
