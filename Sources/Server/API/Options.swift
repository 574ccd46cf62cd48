import Engine
import Registry

/// Every model option of a request, resolved: ollama's `api.Options` with `DefaultOptions()`
/// values, then the model's `params` layer, then the request's `options` (§1.3).
public struct ModelOptions: Sendable, Equatable {
    // MARK: Runner options (a change reloads the model)

    /// The context length; nil lets the scheduler choose (trained context capped by memory).
    public var numCtx: Int?
    public var numBatch = 512
    public var numGPU = -1
    public var mainGPU: Int?
    public var useMMap: Bool?
    /// Threads for the kernels; 0 = the process's shared pool.
    public var numThread = 0
    public var draftNumPredict = 0

    // MARK: Generation options

    public var numKeep = 4
    /// -1 = a random seed.
    public var seed: Int64 = -1
    public var numPredict = -1
    public var topK = 40
    public var topP: Float = 0.9
    public var minP: Float = 0
    public var typicalP: Float = 1
    public var repeatLastN = 64
    public var temperature: Float = 0.8
    public var repeatPenalty: Float = 1
    public var presencePenalty: Float = 0
    public var frequencyPenalty: Float = 0
    public var stop: [String] = []

    public init() {}

    /// Defaults, then `layers` in order (params layer, request options).
    /// - Throws: `OptionsError` for a value of the wrong JSON type.
    public init(layers: [JSONObject]) throws {
        self.init()
        for layer in layers { try apply(layer) }
    }

    /// Applies one map of options; unknown keys are ignored (ollama logs `invalid option provided`).
    public mutating func apply(_ map: JSONObject) throws {
        for (key, value) in map {
            guard let kind = ParameterTable.kinds[key] else { continue }
            if value.isNull { continue }
            switch kind {
            case .int:
                guard let number = value.doubleValue else { throw OptionsError.wrongType(key: key, type: "integer") }
                setInt(key, Self.truncate(number))
            case .float:
                guard let number = value.doubleValue else { throw OptionsError.wrongType(key: key, type: "float32") }
                setFloat(key, Float(number))
            case .bool:
                guard let flag = value.boolValue else { throw OptionsError.wrongType(key: key, type: "boolean") }
                if key == "use_mmap" { useMMap = flag }
            case .string:
                guard value.stringValue != nil else { throw OptionsError.wrongType(key: key, type: "string") }
            case .stringArray:
                guard let items = value.arrayValue else { throw OptionsError.wrongType(key: key, type: "array") }
                var strings: [String] = []
                for item in items {
                    guard let s = item.stringValue else { throw OptionsError.notStringArray(key: key) }
                    strings.append(s)
                }
                if key == "stop" { stop = strings }
            }
        }
    }

    /// Go's `int(float64)` conversion, saturating instead of overflowing.
    static func truncate(_ value: Double) -> Int64 {
        if value.isNaN { return 0 }
        if value >= 9.2e18 { return Int64.max }
        if value <= -9.2e18 { return Int64.min }
        return Int64(value)
    }

    private mutating func setInt(_ key: String, _ value: Int64) {
        let v = Int(clamping: value)
        switch key {
        case "num_ctx": numCtx = v
        case "num_batch": numBatch = v
        case "num_gpu": numGPU = v
        case "main_gpu": mainGPU = v
        case "num_thread": numThread = v
        case "draft_num_predict": draftNumPredict = v
        case "num_keep": numKeep = v
        case "seed": seed = value
        case "num_predict": numPredict = v
        case "top_k": topK = v
        case "repeat_last_n": repeatLastN = v
        default: break
        }
    }

    private mutating func setFloat(_ key: String, _ value: Float) {
        switch key {
        case "top_p": topP = value
        case "min_p": minP = value
        case "typical_p": typicalP = value
        case "temperature": temperature = value
        case "repeat_penalty": repeatPenalty = value
        case "presence_penalty": presencePenalty = value
        case "frequency_penalty": frequencyPenalty = value
        default: break
        }
    }

    // MARK: - Engine options

    /// The sampler's settings.
    package var samplerOptions: SamplerOptions {
        var s = SamplerOptions()
        s.temperature = temperature
        s.topK = topK
        s.topP = topP
        s.minP = minP
        s.typicalP = typicalP
        s.repeatPenalty = repeatPenalty
        s.repeatLastN = repeatLastN
        s.presencePenalty = presencePenalty
        s.frequencyPenalty = frequencyPenalty
        s.seed = seed < 0 ? nil : UInt64(seed)
        return s
    }

    /// The generator's settings (the sampler's included).
    package func generationOptions(shift: Bool) -> GenerationOptions {
        var g = GenerationOptions()
        g.numPredict = numPredict
        g.numKeep = numKeep
        g.stop = stop.filter { !$0.isEmpty }
        g.shift = shift
        g.sampler = samplerOptions
        return g
    }
}

/// An option of the wrong JSON type (ollama answers 500 with these words).
public enum OptionsError: Error, CustomStringConvertible, HTTPResponseError {
    case wrongType(key: String, type: String)
    case notStringArray(key: String)

    public var description: String {
        switch self {
        case .wrongType(let key, let type): return "option \"\(key)\" must be of type \(type)"
        case .notStringArray(let key): return "option \"\(key)\" must be of an array of strings"
        }
    }

    public var status: HTTPStatus { .internalServerError }
    public var message: String { description }
}
