/// The sampling parameters of one generation (ollama's `options`, defaults of `api.DefaultOptions()`).
public struct SamplerOptions: Sendable, Equatable {
    /// 0 means greedy: the most probable token, no randomness.
    public var temperature: Float = 0.8
    /// Keep the k most probable tokens; 0 disables.
    public var topK: Int = 40
    /// Keep the smallest set of tokens whose probabilities sum to at least p; 1 disables.
    public var topP: Float = 0.9
    /// Drop tokens whose probability is below `minP` × the top probability; 0 disables.
    public var minP: Float = 0
    /// Locally typical sampling; 1 disables.
    public var typicalP: Float = 1
    /// Divides positive logits (multiplies negative ones) of recently seen tokens; 1 disables.
    public var repeatPenalty: Float = 1
    /// How many recent tokens the penalties look at; 0 disables, -1 means the whole context.
    public var repeatLastN: Int = 64
    /// Subtracted once from the logit of every token seen in the window.
    public var presencePenalty: Float = 0
    /// Subtracted per occurrence from the logit of every token seen in the window.
    public var frequencyPenalty: Float = 0
    /// Random seed; nil (ollama's -1) picks one from the system.
    public var seed: UInt64?

    public init() {}

    /// Greedy decoding: temperature 0.
    public static var greedy: SamplerOptions {
        var options = SamplerOptions()
        options.temperature = 0
        return options
    }
}
