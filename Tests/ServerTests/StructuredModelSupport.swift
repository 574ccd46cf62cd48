import Foundation
import TestSupport

import Engine
import Server

/// A real model loaded for engine-level generation in the structured-output tests.
final class StructuredTestModel: @unchecked Sendable {
    enum Kind: String, CaseIterable, CustomStringConvertible {
        case smolLM2, gemma3
        var description: String { rawValue }
        var path: URL { self == .smolLM2 ? TestPaths.smolLM2 : TestPaths.gemma3 }
    }

    let kind: Kind
    let session: InferenceSession
    let tokenizer: Tokenizer
    let pool: ThreadPool

    private static let lock = NSLock()
    nonisolated(unsafe) private static var loaded: [Kind: StructuredTestModel] = [:]

    /// The model of `kind`, loaded once per test process.
    static func load(_ kind: Kind) throws -> StructuredTestModel {
        lock.lock()
        defer { lock.unlock() }
        if let m = loaded[kind] { return m }
        let file = try GGUFFile.open(path: try TestPaths.require(kind.path).path)
        let pool = ThreadPool(threads: 2)
        let model = try ModelLoader.load(file, pool: pool)
        let m = StructuredTestModel(kind: kind, session: InferenceSession(model: model, contextLength: 1024),
                                    tokenizer: try Tokenizer(file), pool: pool)
        loaded[kind] = m
        return m
    }

    private init(kind: Kind, session: InferenceSession, tokenizer: Tokenizer, pool: ThreadPool) {
        self.kind = kind
        self.session = session
        self.tokenizer = tokenizer
        self.pool = pool
    }

    /// `user` in the model's chat format, ready for the assistant's answer.
    func prompt(_ user: String) -> [Int32] {
        let text: String
        switch kind {
        case .smolLM2:
            text = "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n"
                + "<|im_start|>user\n\(user)<|im_end|>\n<|im_start|>assistant\n"
        case .gemma3:
            text = "<start_of_turn>user\n\(user)<end_of_turn>\n<start_of_turn>model\n"
        }
        return tokenizer.encode(text, addSpecial: true, parseSpecial: true)
    }

    /// The result of one generation.
    struct Output {
        var text: String
        var reason: FinishReason?
        var tokens: Int
        /// Seconds spent decoding (after the prompt), and inside the constraint.
        var decodeSeconds: Double
        var constraintSeconds: Double
    }

    /// Generates from `user` with `format` (nil = unconstrained).
    func generate(_ user: String, format: JSONValue?, temperature: Float, seed: UInt64, limit: Int) throws -> Output {
        var options = GenerationOptions()
        options.numPredict = limit
        options.sampler.temperature = temperature
        options.sampler.seed = seed
        // ollama's default repeat penalty (1.1 over 64 tokens), greedy included: penalties come first.
        options.sampler.repeatPenalty = 1.1
        let constraint = try makeFormatConstraint(format: format, tokenizer: tokenizer).map(TimedConstraint.init)
        let generator = Generator(session: session, tokenizer: tokenizer, options: options, constraint: constraint)
        try generator.start(prompt: prompt(user))
        var text = ""
        let start = DispatchTime.now().uptimeNanoseconds
        while let piece = try generator.next() { text += piece }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Output(text: text, reason: generator.finishReason, tokens: generator.generated.count,
                      decodeSeconds: seconds, constraintSeconds: constraint?.seconds ?? 0)
    }
}

/// Wraps a constraint and accumulates the time spent in it.
final class TimedConstraint: TokenConstraint {
    let inner: any TokenConstraint
    private(set) var seconds = 0.0

    init(_ inner: any TokenConstraint) { self.inner = inner }

    func mask(_ logits: UnsafeMutablePointer<Float>, count: Int) -> Int {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        return inner.mask(logits, count: count)
    }

    func accept(_ token: Int32) throws {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        try inner.accept(token)
    }

    var isComplete: Bool { inner.isComplete }

    func setBudget(remaining: Int) { inner.setBudget(remaining: remaining) }
}
