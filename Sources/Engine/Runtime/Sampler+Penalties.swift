extension Sampler {
    /// Repeat, presence and frequency penalties over the last `repeatLastN` tokens
    /// (llama.cpp's `llama_sampler_penalties`).
    func applyPenalties(_ logits: UnsafeMutablePointer<Float>, history: ArraySlice<Int32>) {
        let o = options
        guard o.repeatLastN != 0, o.repeatPenalty != 1 || o.presencePenalty != 0 || o.frequencyPenalty != 0
        else { return }
        let window = o.repeatLastN < 0 ? history.count : min(o.repeatLastN, history.count)
        guard window > 0 else { return }
        seen.removeAll(keepingCapacity: true)
        for token in history.suffix(window) { seen[token, default: 0] += 1 }
        let vocabulary = ids.count
        for (token, occurrences) in seen where token >= 0 && Int(token) < vocabulary {
            var v = logits[Int(token)]
            v = v <= 0 ? v * o.repeatPenalty : v / o.repeatPenalty
            v -= Float(occurrences) * o.frequencyPenalty + o.presencePenalty
            logits[Int(token)] = v
        }
    }
}
