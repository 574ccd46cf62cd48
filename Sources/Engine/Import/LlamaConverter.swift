import Foundation

/// `LlamaForCausalLM` → GGUF architecture `llama` (llama.cpp's `LlamaModel` converter):
/// hyper-parameters, a byte-level BPE vocabulary from `tokenizer.json`, and the tensors renamed,
/// with the rows of Q and K permuted from Hugging Face's rotate-half RoPE layout back to the
/// interleaved pairs llama.cpp's (normal-style) RoPE expects.
package enum LlamaConverter {
    static func convert(_ folder: HFModelFolder, _ out: inout ConvertedModel) throws {
        let arch = "llama"
        out.begin(architecture: arch)
        let dim = try folder.requiredInt("hidden_size")
        let heads = try folder.requiredInt("num_attention_heads")
        let kvHeads = folder.int("num_key_value_heads") ?? heads
        let layers = try folder.requiredInt("num_hidden_layers")
        let headDim = folder.int("head_dim") ?? dim / heads
        guard heads > 0, kvHeads > 0, heads % kvHeads == 0, headDim > 0, headDim % 2 == 0 else {
            throw ConversionError.invalidJSON(file: "config.json", reason: "inconsistent attention heads")
        }
        let vocab = try HFVocabulary.bytePair(folder)
        out.add("\(arch).vocab_size", .uint32(UInt32(vocab.tokens.count)))
        out.add("\(arch).block_count", .uint32(UInt32(layers)))
        if let ctx = folder.int("max_position_embeddings", "n_ctx") { out.add("\(arch).context_length", .uint32(UInt32(ctx))) }
        out.add("\(arch).embedding_length", .uint32(UInt32(dim)))
        out.add("\(arch).feed_forward_length", .uint32(UInt32(try folder.requiredInt("intermediate_size"))))
        out.add("\(arch).attention.head_count", .uint32(UInt32(heads)))
        out.add("\(arch).attention.head_count_kv", .uint32(UInt32(kvHeads)))
        if let theta = folder.double("rope_theta") { out.add("\(arch).rope.freq_base", .float32(Float(theta))) }
        out.add("\(arch).attention.layer_norm_rms_epsilon", .float32(Float(folder.double("rms_norm_eps") ?? 1e-5)))
        if folder.int("head_dim") != nil {
            out.add("\(arch).attention.key_length", .uint32(UInt32(headDim)))
            out.add("\(arch).attention.value_length", .uint32(UInt32(headDim)))
        }
        out.add("\(arch).rope.dimension_count", .uint32(UInt32(headDim)))
        if let scaling = folder.config["rope_scaling"] as? [String: Any],
           (scaling["type"] ?? scaling["rope_type"]) as? String == "linear",
           let factor = (scaling["factor"] as? NSNumber)?.doubleValue {
            out.add("\(arch).rope.scaling.type", .string("linear"))
            out.add("\(arch).rope.scaling.factor", .float32(Float(factor)))
        }

        out.add("tokenizer.ggml.model", .string("gpt2"))
        out.add("tokenizer.ggml.pre", .string(preTokenizerName(folder)))
        out.add("tokenizer.ggml.tokens", .array(.strings(vocab.tokens)))
        out.add("tokenizer.ggml.token_type", .array(.int32s(vocab.types.map(\.rawValue))))
        out.add("tokenizer.ggml.merges", .array(.strings(vocab.merges)))
        vocab.writeSpecials(into: &out)

        for name in folder.tensorNames {
            guard let target = try tensorName(name) else { continue }
            guard let (_, t) = folder.tensor(name) else { throw ConversionError.missingTensor(name) }
            var values = try folder.floats(name)
            if target.hasSuffix("attn_q.weight") {
                values = try permute(values, shape: t.shape, heads: heads, name: name)
            } else if target.hasSuffix("attn_k.weight") {
                values = try permute(values, shape: t.shape, heads: kvHeads, name: name)
            }
            out.addTensor(target, hfShape: t.shape, values: values)
        }
    }

    /// llama.cpp's `LlamaModel.permute`: within each head of `shape[0] / heads` rows, row
    /// `2j + t` of the result is row `t·half + j` of the input (j < half, t < 2).
    package static func permute(_ w: [Float], shape: [Int], heads: Int, name: String) throws -> [Float] {
        guard shape.count == 2, heads > 0, shape[0] % (2 * heads) == 0 else {
            throw ConversionError.badShape(tensor: name, reason: "has \(shape.first ?? 0) rows, not a whole number of heads")
        }
        let cols = shape[1], headRows = shape[0] / heads, half = headRows / 2
        var out = [Float](repeating: 0, count: w.count)
        for h in 0..<heads {
            for j in 0..<half {
                for t in 0..<2 {
                    let dst = (h * headRows + 2 * j + t) * cols, src = (h * headRows + t * half + j) * cols
                    for c in 0..<cols { out[dst + c] = w[src + c] }
                }
            }
        }
        return out
    }

    /// `tokenizer.ggml.pre` from the pre-tokenizer of tokenizer.json: the Llama 3 split regex gives
    /// `llama-bpe`, anything else llama.cpp's `default`.
    static func preTokenizerName(_ folder: HFModelFolder) -> String {
        guard let data = try? Data(contentsOf: folder.url.appendingPathComponent("tokenizer.json")),
              let text = String(data: data, encoding: .utf8) else { return "default" }
        let llama3 = #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"#
        return text.contains(llama3) ? "llama-bpe" : "default"
    }

    /// The GGUF name of Hugging Face tensor `hf`, nil for tensors llama.cpp drops.
    static func tensorName(_ hf: String) throws -> String? {
        if hf.hasSuffix(".rotary_emb.inv_freq") { return nil }
        let fixed = ["model.embed_tokens.weight": "token_embd.weight", "model.norm.weight": "output_norm.weight",
                     "lm_head.weight": "output.weight"]
        if let mapped = fixed[hf] { return mapped }
        let perLayer = [
            "input_layernorm.weight": "attn_norm.weight", "self_attn.q_proj.weight": "attn_q.weight",
            "self_attn.k_proj.weight": "attn_k.weight", "self_attn.v_proj.weight": "attn_v.weight",
            "self_attn.o_proj.weight": "attn_output.weight", "post_attention_layernorm.weight": "ffn_norm.weight",
            "mlp.gate_proj.weight": "ffn_gate.weight", "mlp.up_proj.weight": "ffn_up.weight",
            "mlp.down_proj.weight": "ffn_down.weight",
        ]
        let parts = hf.split(separator: ".", maxSplits: 3).map(String.init)
        if parts.count == 4, parts[0] == "model", parts[1] == "layers", let i = Int(parts[2]), let mapped = perLayer[parts[3]] {
            return "blk.\(i).\(mapped)"
        }
        throw ConversionError.unknownTensor(hf)
    }
}
