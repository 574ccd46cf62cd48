import Engine
import Foundation

/// Hidden commands for `make bench` (not in the help): they measure the engine inside the
/// product binary, without the HTTP layer, and print one JSON object on stdout.
///
/// - `ollama __bench --model FILE.gguf [--prompt-tokens 512] [--gen 128] [--threads 2] [--ctx 4096]
///   [--text FILE]`: load time, time to the first token of the raw prompt "hi", prefill tokens/s
///   of a prompt evaluated as one batch, greedy decode tokens/s, peak RSS, KV cache bytes.
/// - `ollama __membw [--mib 1024] [--passes 5] [--threads 2]`: read bandwidth of a large buffer.
enum BenchCommand {
    /// The hidden command names this type handles.
    static let names: Set<String> = ["__bench", "__membw"]

    /// Runs `arguments` when they name a hidden benchmark command; nil otherwise.
    static func runIfHidden(_ arguments: [String]) -> ExitCode? {
        guard let name = arguments.first, names.contains(name) else { return nil }
        do {
            let options = try BenchOptions(Array(arguments.dropFirst()))
            let json = name == "__membw" ? membw(options) : try bench(options)
            Output.standardOutput.write(json + "\n")
            return .success
        } catch {
            Output.standardError.write("Error: \(error)\n")
            return .failure
        }
    }

    /// The engine benchmark: load, first token of "hi", prefill, decode.
    static func bench(_ o: BenchOptions) throws -> String {
        guard let path = o.model else { throw BenchError.usage("--model FILE.gguf is required") }
        let now = BenchmarkProbes.monotonicSeconds
        // Load: map the GGUF, build the model, the tokenizer and the session (KV cache).
        let t0 = now()
        let file = try GGUFFile.open(path: path)
        let pool = ThreadPool(threads: o.threads)
        defer { pool.shutdown() }
        let model = try ModelLoader.load(file, pool: pool)
        let tokenizer = try Tokenizer(file)
        let session = InferenceSession(model: model, contextLength: o.context, batchSize: o.batch)
        let sampler = Sampler(options: .greedy, vocabularySize: model.hyperParameters.vocabularySize)
        let t1 = now()
        // First token of a short raw prompt.
        let hi = tokenizer.encode("hi", addSpecial: true, parseSpecial: false)
        try session.evaluate(hi)
        let firstToken = sampler.sample(session.logits.pointer, history: session.tokens[...])
        let t2 = now()
        // Prefill: `promptTokens` tokens of the reference text, one batch when they fit.
        session.reset()
        let prompt = try promptTokens(tokenizer, count: o.promptTokens, textPath: o.text)
        let t3 = now()
        try session.evaluate(prompt)
        let t4 = now()
        // Decode: `gen` greedy tokens, one forward pass each (end-of-generation tokens do not stop it).
        var token = sampler.sample(session.logits.pointer, history: session.tokens[...])
        var generated: [Int32] = []
        generated.reserveCapacity(o.gen)
        let t5 = now()
        for _ in 0..<o.gen {
            try session.append(token)
            generated.append(token)
            token = sampler.sample(session.logits.pointer, history: session.tokens[...])
        }
        let t6 = now()
        let fields: [(String, String)] = [
            ("engine", quoted("ollama-swift")),
            ("model", quoted(path)),
            ("architecture", quoted(file.metadata.string("general.architecture") ?? "")),
            ("threads", "\(pool.threadCount)"),
            ("n_ctx", "\(session.contextLength)"),
            ("n_batch", "\(session.batchSize)"),
            ("load_ms", ms(t1 - t0)),
            ("first_token_ms", ms(t2 - t1)),
            ("ttft_ms", ms(t2 - t0)),
            ("first_token", "\(firstToken)"),
            ("prompt_tokens", "\(prompt.count)"),
            ("prefill_ms", ms(t4 - t3)),
            ("prefill_tok_s", rate(prompt.count, t4 - t3)),
            ("gen_tokens", "\(o.gen)"),
            ("decode_ms", ms(t6 - t5)),
            ("decode_tok_s", rate(o.gen, t6 - t5)),
            ("first_generated", "[" + generated.prefix(16).map { "\($0)" }.joined(separator: ",") + "]"),
            ("peak_rss_bytes", "\(BenchmarkProbes.peakResidentBytes() ?? 0)"),
            ("kv_cache_bytes", "\(session.cache.byteCount)"),
            ("gguf_bytes", "\(file.fileSize)"),
            ("tensor_bytes", "\(BenchmarkProbes.tensorBytes(file))"),
            ("weight_bytes_per_token", "\(BenchmarkProbes.weightBytesPerToken(file))"),
        ]
        return object(fields)
    }

    /// The memory bandwidth probe.
    static func membw(_ o: BenchOptions) -> String {
        let pool = ThreadPool(threads: o.threads)
        defer { pool.shutdown() }
        let bytes = o.mebibytes << 20
        let rate = BenchmarkProbes.memoryBandwidth(bytes: bytes, passes: o.passes, pool: pool)
        return object([
            ("threads", "\(pool.threadCount)"), ("bytes", "\(bytes)"), ("passes", "\(o.passes)"),
            ("read_gb_s", String(format: "%.2f", rate / 1e9)),
        ])
    }

    /// The first `count` tokens (BOS first where the model adds one) of the reference text,
    /// repeated when it is too short.
    static func promptTokens(_ tokenizer: Tokenizer, count: Int, textPath: String?) throws -> [Int32] {
        let text: String
        if let textPath {
            guard let data = FileManager.default.contents(atPath: textPath) else {
                throw BenchError.usage("cannot read \(textPath)")
            }
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = "The quick brown fox jumps over the lazy dog. "
        }
        var tokens = tokenizer.encode(text, addSpecial: true, parseSpecial: false)
        let body = tokenizer.encode(text, addSpecial: false, parseSpecial: false)
        guard !body.isEmpty else { throw BenchError.usage("the prompt text gives no tokens") }
        while tokens.count < count { tokens += body }
        return Array(tokens.prefix(count))
    }

    private static func ms(_ seconds: Double) -> String { String(format: "%.2f", seconds * 1000) }

    private static func rate(_ n: Int, _ seconds: Double) -> String {
        String(format: "%.2f", seconds > 0 ? Double(n) / seconds : 0)
    }

    private static func quoted(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where ch.value < 0x20: out += String(format: "\\u%04x", ch.value)
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }

    private static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(quoted($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }
}

/// Flags of the hidden benchmark commands.
struct BenchOptions {
    var model: String?
    var text: String?
    var promptTokens = 512
    var gen = 128
    var threads = 2
    var context = 4096
    var batch = 512
    var mebibytes = 1024
    var passes = 5

    init(_ arguments: [String]) throws {
        var i = 0
        while i < arguments.count {
            let flag = arguments[i]
            guard i + 1 < arguments.count else { throw BenchError.usage("\(flag) needs a value") }
            let value = arguments[i + 1]
            func int() throws -> Int {
                guard let n = Int(value), n > 0 else { throw BenchError.usage("\(flag) needs a positive integer") }
                return n
            }
            switch flag {
            case "--model": model = value
            case "--text": text = value
            case "--prompt-tokens": promptTokens = try int()
            case "--gen": gen = try int()
            case "--threads": threads = try int()
            case "--ctx": context = try int()
            case "--batch": batch = try int()
            case "--mib": mebibytes = try int()
            case "--passes": passes = try int()
            default: throw BenchError.usage("unknown flag \(flag)")
            }
            i += 2
        }
        if promptTokens + gen > context {
            throw BenchError.usage("--prompt-tokens + --gen (\(promptTokens + gen)) exceeds --ctx \(context)")
        }
    }
}

/// A bad invocation of a hidden benchmark command.
enum BenchError: Error, CustomStringConvertible {
    case usage(String)

    var description: String {
        switch self {
        case .usage(let message): return "bench: \(message)"
        }
    }
}
