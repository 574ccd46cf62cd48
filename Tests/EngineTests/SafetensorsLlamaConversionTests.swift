import Engine
import Foundation
import Testing
import TestSupport

/// A tiny llama written as a Hugging Face folder (safetensors bytes written here), converted to
/// GGUF and run by our engine, against a plain Swift forward pass in Hugging Face's layout
/// (rotate-half RoPE on the unpermuted Q/K weights): this checks the Q/K row permutation, the
/// tensor names and the hyper-parameter keys.
@Suite struct SafetensorsLlamaConversionTests {
    static let dim = 64, heads = 4, kvHeads = 2, layers = 2, ff = 96, vocab = 256
    static let headDim = dim / heads, theta: Float = 10_000, eps: Float = 1e-5

    /// Deterministic pseudo-random weights in [−scale, scale].
    struct Weights {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var tensors: [(name: String, shape: [Int], values: [Float])] = []

        mutating func random(_ count: Int, scale: Float) -> [Float] {
            (0..<count).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return (Float(state >> 40) / Float(1 << 24) * 2 - 1) * scale
            }
        }

        mutating func add(_ name: String, _ shape: [Int], scale: Float, offset: Float = 0) {
            tensors.append((name, shape, random(shape.reduce(1, *), scale: scale).map { $0 + offset }))
        }

        func values(_ name: String) -> [Float] { tensors.first { $0.name == name }?.values ?? [] }
    }

    static func makeWeights() -> Weights {
        var w = Weights()
        let kv = kvHeads * headDim
        w.add("model.embed_tokens.weight", [vocab, dim], scale: 1)
        for l in 0..<layers {
            let p = "model.layers.\(l)."
            w.add(p + "input_layernorm.weight", [dim], scale: 0.2, offset: 1)
            w.add(p + "self_attn.q_proj.weight", [dim, dim], scale: 0.3)
            w.add(p + "self_attn.k_proj.weight", [kv, dim], scale: 0.3)
            w.add(p + "self_attn.v_proj.weight", [kv, dim], scale: 0.2)
            w.add(p + "self_attn.o_proj.weight", [dim, dim], scale: 0.2)
            w.add(p + "post_attention_layernorm.weight", [dim], scale: 0.2, offset: 1)
            w.add(p + "mlp.gate_proj.weight", [ff, dim], scale: 0.2)
            w.add(p + "mlp.up_proj.weight", [ff, dim], scale: 0.2)
            w.add(p + "mlp.down_proj.weight", [dim, ff], scale: 0.2)
        }
        w.add("model.norm.weight", [dim], scale: 0.2, offset: 1)
        w.add("lm_head.weight", [vocab, dim], scale: 0.3)
        return w
    }

    /// The folder: config.json, model.safetensors, a byte-level BPE tokenizer.json.
    static func writeFolder(_ w: Weights, to dir: URL) throws {
        var st = SafetensorsBuilder()
        for t in w.tensors { st.add(t.name, shape: t.shape, floats: t.values) }
        try st.write(to: dir.appendingPathComponent("model.safetensors"))
        let config: [String: Any] = [
            "architectures": ["LlamaForCausalLM"], "hidden_size": dim, "num_attention_heads": heads,
            "num_key_value_heads": kvHeads, "num_hidden_layers": layers, "intermediate_size": ff,
            "max_position_embeddings": 128, "rms_norm_eps": Double(eps), "rope_theta": Double(theta), "vocab_size": vocab,
        ]
        try JSONSerialization.data(withJSONObject: config).write(to: dir.appendingPathComponent("config.json"))
        // GPT-2's byte-to-unicode table: printable bytes map to themselves, the rest to U+0100….
        var symbols: [String] = []
        var extra = 0
        for b in 0..<256 {
            let printable = (33...126).contains(b) || (161...172).contains(b) || (174...255).contains(b)
            let scalar = printable ? b : 256 + extra
            if !printable { extra += 1 }
            symbols.append(String(Character(Unicode.Scalar(UInt32(scalar)) ?? "?")))
        }
        var map: [String: Int] = [:]
        for (i, s) in symbols.enumerated() { map[s] = i }
        let tokenizer: [String: Any] = [
            "added_tokens": [] as [Any],
            "model": ["type": "BPE", "vocab": map, "merges": [] as [Any]] as [String: Any],
        ]
        try JSONSerialization.data(withJSONObject: tokenizer).write(to: dir.appendingPathComponent("tokenizer.json"))
    }

    // MARK: - Reference forward pass (Hugging Face layout)

    static func matvec(_ w: [Float], rows: Int, cols: Int, _ x: [Float]) -> [Float] {
        (0..<rows).map { r in (0..<cols).reduce(Float(0)) { $0 + w[r * cols + $1] * x[$1] } }
    }

    static func rmsNorm(_ x: [Float], _ w: [Float]) -> [Float] {
        let ms = x.reduce(0) { $0 + $1 * $1 } / Float(x.count)
        let inv = 1 / (ms + eps).squareRoot()
        return zip(x, w).map { $0 * inv * $1 }
    }

    /// Rotate-half RoPE on each head of `x` at `pos`: pairs (i, i + half).
    static func rope(_ x: inout [Float], heads: Int, pos: Int) {
        let half = headDim / 2
        for h in 0..<heads {
            for i in 0..<half {
                let angle = Float(pos) * powf(theta, -Float(2 * i) / Float(headDim))
                let a = x[h * headDim + i], b = x[h * headDim + i + half]
                x[h * headDim + i] = a * cosf(angle) - b * sinf(angle)
                x[h * headDim + i + half] = b * cosf(angle) + a * sinf(angle)
            }
        }
    }

    static func referenceLogits(_ w: Weights, tokens: [Int]) -> [[Float]] {
        let kvw = kvHeads * headDim
        var xs = tokens.map { Array(w.values("model.embed_tokens.weight")[($0 * dim)..<(($0 + 1) * dim)]) }
        for l in 0..<layers {
            let p = "model.layers.\(l)."
            var ks: [[Float]] = [], vs: [[Float]] = []
            var attnOut: [[Float]] = []
            for (pos, x) in xs.enumerated() {
                let h = rmsNorm(x, w.values(p + "input_layernorm.weight"))
                var q = matvec(w.values(p + "self_attn.q_proj.weight"), rows: dim, cols: dim, h)
                var k = matvec(w.values(p + "self_attn.k_proj.weight"), rows: kvw, cols: dim, h)
                let v = matvec(w.values(p + "self_attn.v_proj.weight"), rows: kvw, cols: dim, h)
                rope(&q, heads: heads, pos: pos)
                rope(&k, heads: kvHeads, pos: pos)
                ks.append(k)
                vs.append(v)
                var out = [Float](repeating: 0, count: dim)
                for hd in 0..<heads {
                    let g = hd / (heads / kvHeads)
                    var scores = (0...pos).map { j in
                        (0..<headDim).reduce(Float(0)) { $0 + q[hd * headDim + $1] * ks[j][g * headDim + $1] }
                            / Float(headDim).squareRoot()
                    }
                    let m = scores.max() ?? 0
                    scores = scores.map { expf($0 - m) }
                    let sum = scores.reduce(0, +)
                    for j in 0...pos { for d in 0..<headDim { out[hd * headDim + d] += scores[j] / sum * vs[j][g * headDim + d] } }
                }
                attnOut.append(matvec(w.values(p + "self_attn.o_proj.weight"), rows: dim, cols: dim, out))
            }
            for i in xs.indices {
                xs[i] = zip(xs[i], attnOut[i]).map(+)
                let h = rmsNorm(xs[i], w.values(p + "post_attention_layernorm.weight"))
                let gate = matvec(w.values(p + "mlp.gate_proj.weight"), rows: ff, cols: dim, h)
                let up = matvec(w.values(p + "mlp.up_proj.weight"), rows: ff, cols: dim, h)
                let act = zip(gate, up).map { $0 / (1 + expf(-$0)) * $1 }
                xs[i] = zip(xs[i], matvec(w.values(p + "mlp.down_proj.weight"), rows: dim, cols: ff, act)).map(+)
            }
        }
        return xs.map { matvec(w.values("lm_head.weight"), rows: vocab, cols: dim, rmsNorm($0, w.values("model.norm.weight"))) }
    }

    // MARK: - Tests

    @Test func convertedTinyLlamaMatchesTheReferenceForward() throws {
        let weights = Self.makeWeights()
        let dir = try TemporaryDirectory(prefix: "tiny-llama")
        defer { dir.remove() }
        try Self.writeFolder(weights, to: dir.url)
        let path = dir.url.appendingPathComponent("tiny.gguf").path
        try ModelConverter.convert(folder: dir.url, to: path, outputType: .f32)
        let file = try GGUFFile.open(path: path)
        let m = file.metadata
        #expect(m.string("general.architecture") == "llama")
        #expect(m.int("llama.attention.head_count_kv") == Self.kvHeads && m.int("llama.rope.dimension_count") == Self.headDim)
        #expect(m.float("llama.rope.freq_base") == Self.theta && m.int("llama.context_length") == 128)
        #expect(file.tensor(named: "blk.1.attn_k.weight")?.shape == [Self.dim, Self.kvHeads * Self.headDim])
        #expect(file.tensor(named: "output.weight") != nil && file.tensor(named: "blk.0.ffn_norm.weight") != nil)

        let model = try ModelLoader.load(file, pool: ThreadPool(threads: 2))
        let tokens: [Int32] = [72, 101, 108, 108, 111, 32, 119, 111]
        let cache = model.makeCache(contextLength: 64)
        var logits = [Float](repeating: 0, count: tokens.count * Self.vocab)
        logits.withUnsafeMutableBufferPointer { out in
            tokens.withUnsafeBufferPointer { t in
                guard let base = out.baseAddress else { return }
                model.forward(t, position: 0, cache: cache, rows: .all, logits: base)
            }
        }
        let reference = Self.referenceLogits(weights, tokens: tokens.map(Int.init))
        var worst: Float = 0, scale: Float = 0
        for (i, row) in reference.enumerated() {
            let ours = Array(logits[(i * Self.vocab)..<((i + 1) * Self.vocab)])
            for (a, b) in zip(ours, row) { worst = max(worst, abs(a - b)); scale = max(scale, abs(b)) }
            #expect(ours.indices.max { ours[$0] < ours[$1] } == row.indices.max { row[$0] < row[$1] }, "argmax at \(i)")
        }
        print("tiny llama: max |logit diff| \(worst) (logits up to \(scale))")
        #expect(worst < 0.01 * scale)
    }

    /// llama.cpp's Q/K permutation regroups each head's rows from halves into interleaved pairs.
    @Test func permutationInterleavesHalves() throws {
        // 2 heads of 4 rows, 1 column: rows 0…7.
        let permuted = try LlamaConverter.permute((0..<8).map(Float.init), shape: [8, 1], heads: 2, name: "t")
        #expect(permuted == [0, 2, 1, 3, 4, 6, 5, 7])
    }

    @Test func unknownArchitectureAndTensorsAreRefused() throws {
        let dir = try TemporaryDirectory(prefix: "bad-arch")
        defer { dir.remove() }
        var st = SafetensorsBuilder()
        st.add("w", shape: [2], floats: [1, 2])
        try st.write(to: dir.url.appendingPathComponent("model.safetensors"))
        try Data(#"{"architectures": ["MambaForCausalLM"]}"#.utf8).write(to: dir.url.appendingPathComponent("config.json"))
        #expect(throws: ConversionError.unsupportedArchitecture("MambaForCausalLM")) {
            try ModelConverter.convert(folder: dir.url)
        }
        try FileManager.default.removeItem(at: dir.url.appendingPathComponent("config.json"))
        #expect(throws: ConversionError.missingFile("config.json")) { try ModelConverter.convert(folder: dir.url) }
    }
}
