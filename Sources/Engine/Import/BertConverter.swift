import Foundation

/// `BertModel` → GGUF architecture `bert` (llama.cpp's `BertModel` converter): hyper-parameters,
/// pooling type from the sentence-transformers `modules.json`, the WordPiece vocabulary in
/// llama.cpp's phantom-space spelling, and the tensors renamed.
enum BertConverter {
    static func convert(_ folder: HFModelFolder, _ out: inout ConvertedModel) throws {
        let arch = "bert"
        out.begin(architecture: arch)
        let layers = try folder.requiredInt("num_hidden_layers", "n_layers")
        out.add("\(arch).block_count", .uint32(UInt32(layers)))
        out.add("\(arch).context_length", .uint32(UInt32(try folder.requiredInt("max_position_embeddings", "n_ctx"))))
        out.add("\(arch).embedding_length", .uint32(UInt32(try folder.requiredInt("hidden_size", "n_embd"))))
        out.add("\(arch).feed_forward_length", .uint32(UInt32(try folder.requiredInt("intermediate_size", "n_inner"))))
        out.add("\(arch).attention.head_count", .uint32(UInt32(try folder.requiredInt("num_attention_heads", "n_head"))))
        let eps = folder.double("layer_norm_eps", "layer_norm_epsilon", "norm_epsilon") ?? 1e-12
        out.add("\(arch).attention.layer_norm_epsilon", .float32(Float(eps)))
        out.add("\(arch).attention.causal", .bool(false))
        if let pooling = try poolingType(folder) { out.add("\(arch).pooling_type", .uint32(pooling)) }

        let vocab = try HFVocabulary.wordPiece(folder)
        out.add("tokenizer.ggml.token_type_count", .uint32(UInt32(folder.int("type_vocab_size") ?? 1)))
        out.add("tokenizer.ggml.model", .string("bert"))
        out.add("tokenizer.ggml.pre", .string("default"))
        out.add("tokenizer.ggml.tokens", .array(.strings(zip(vocab.tokens, vocab.types).map(phantom))))
        out.add("tokenizer.ggml.token_type", .array(.int32s(vocab.types.map(\.rawValue))))
        vocab.writeSpecials(into: &out)

        for name in folder.tensorNames {
            guard let target = try tensorName(name) else { continue }
            guard let (_, t) = folder.tensor(name) else { throw ConversionError.missingTensor(name) }
            out.addTensor(target, hfShape: t.shape, values: try folder.floats(name))
        }
    }

    /// llama.cpp's phantom-space spelling: control tokens as they are, `##x` → `x`, else `▁x`.
    /// Compared by scalars: in `##ि` the mark joins the second `#` into one `Character`.
    static func phantom(_ token: String, _ type: TokenType) -> String {
        if type == .control { return token }
        let scalars = token.unicodeScalars
        if scalars.starts(with: "##".unicodeScalars) { return String(String.UnicodeScalarView(scalars.dropFirst(2))) }
        return "\u{2581}" + token
    }

    /// `pooling_type` from the sentence-transformers Pooling module: mean 1, cls 2, last token 3;
    /// nil when the folder has no `modules.json`.
    static func poolingType(_ folder: HFModelFolder) throws -> UInt32? {
        guard let data = try? Data(contentsOf: folder.url.appendingPathComponent("modules.json")),
              let modules = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return nil }
        guard let path = modules.first(where: { ($0["type"] as? String)?.hasSuffix("Pooling") == true })?["path"] as? String
        else { return nil }
        guard let config = try HFModelFolder.json(folder.url.appendingPathComponent(path), "config.json") else {
            throw ConversionError.missingFile("\(path)/config.json")
        }
        if config["pooling_mode_mean_tokens"] as? Bool == true { return 1 }
        if config["pooling_mode_cls_token"] as? Bool == true { return 2 }
        if config["pooling_mode_lasttoken"] as? Bool == true { return 3 }
        switch config["pooling_mode"] as? String {
        case "mean": return 1
        case "cls": return 2
        case "lasttoken": return 3
        default: throw ConversionError.invalidJSON(file: "\(path)/config.json", reason: "only MEAN, CLS and LAST pooling are supported")
        }
    }

    /// The GGUF name of Hugging Face tensor `hf`, nil for tensors llama.cpp drops (pooler, heads).
    static func tensorName(_ hf: String) throws -> String? {
        var name = hf
        if name.hasPrefix("bert.") { name.removeFirst(5) }
        if name.hasSuffix(".gamma") { name = String(name.dropLast(6)) + ".weight" }
        if name.hasSuffix(".beta") { name = String(name.dropLast(5)) + ".bias" }
        if name == "embeddings.position_ids" || name.hasPrefix("pooler.") || name.hasPrefix("cls.") { return nil }
        let fixed = [
            "embeddings.word_embeddings": "token_embd", "embeddings.token_type_embeddings": "token_types",
            "embeddings.position_embeddings": "position_embd", "embeddings.LayerNorm": "token_embd_norm",
        ]
        let perLayer = [
            "attention.self.query": "attn_q", "attention.self.key": "attn_k", "attention.self.value": "attn_v",
            "attention.output.dense": "attn_output", "attention.output.LayerNorm": "attn_output_norm",
            "intermediate.dense": "ffn_up", "output.dense": "ffn_down", "output.LayerNorm": "layer_output_norm",
        ]
        guard let dot = name.lastIndex(of: ".") else { throw ConversionError.unknownTensor(hf) }
        let base = String(name[..<dot]), suffix = String(name[dot...])
        guard suffix == ".weight" || suffix == ".bias" else { throw ConversionError.unknownTensor(hf) }
        if let mapped = fixed[base] { return mapped + suffix }
        let parts = base.split(separator: ".", maxSplits: 3).map(String.init)
        if parts.count == 4, parts[0] == "encoder", parts[1] == "layer", let i = Int(parts[2]), let mapped = perLayer[parts[3]] {
            return "blk.\(i).\(mapped)\(suffix)"
        }
        throw ConversionError.unknownTensor(hf)
    }
}

extension HFVocabulary {
    /// Writes the special ids and flags into a converted model.
    func writeSpecials(into out: inout ConvertedModel) {
        var pairs: [(String, GGUFValue)] = []
        writeSpecials { pairs.append(($0, $1)) }
        for (key, value) in pairs { out.add(key, value) }
    }
}
