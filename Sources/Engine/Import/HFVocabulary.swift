import Foundation

/// A tokenizer read from a Hugging Face folder, as llama.cpp's `convert_hf_to_gguf.py` writes it:
/// tokens by id, their types, BPE merges, the special token ids, and the normaliser flags.
struct HFVocabulary {
    /// Token texts by id in Hugging Face spelling (`##ing`, `[CLS]`, `Ġthe`).
    var tokens: [String] = []
    var types: [TokenType] = []
    /// BPE merges (`"a b"`), empty for WordPiece.
    var merges: [String] = []
    /// `bos`, `eos`, `unk`, `sep`, `pad`, `mask` → id, in the order llama.cpp's `SpecialVocab` writes them.
    var specialIDs: [(kind: String, id: Int)] = []
    var addBOS: Bool?
    var addEOS: Bool?
    var addSEP: Bool?
    /// `BertNormalizer.lowercase` / `do_lower_case`.
    var lowercase: Bool?
    /// `BertNormalizer.strip_accents` (nil: follows `lowercase`).
    var stripAccents: Bool?
    var chatTemplate: String?

    /// The special token kinds llama.cpp writes, with their GGUF key names.
    static let specialKeys: [(kind: String, key: String)] = [
        ("bos", "bos_token_id"), ("eos", "eos_token_id"), ("unk", "unknown_token_id"),
        ("sep", "seperator_token_id"), ("pad", "padding_token_id"), ("mask", "mask_token_id"),
    ]

    /// A WordPiece vocabulary from `tokenizer.json` (model type `WordPiece`), else `vocab.txt`.
    static func wordPiece(_ folder: HFModelFolder) throws -> HFVocabulary {
        let tokenizerConfig = try folder.json("tokenizer_config.json") ?? [:]
        var vocab = HFVocabulary()
        var added: [String: (id: Int, special: Bool)] = [:]
        if let tokenizer = try folder.json("tokenizer.json") {
            guard let model = tokenizer["model"] as? [String: Any], model["type"] as? String == "WordPiece",
                  let map = model["vocab"] as? [String: Any]
            else { throw ConversionError.unsupportedTokenizer("tokenizer.json is not a WordPiece tokenizer") }
            added = addedTokens(tokenizer)
            try vocab.fill(map, added: added, size: folder.int("vocab_size"))
            if let normalizer = tokenizer["normalizer"] as? [String: Any] { vocab.parseNormalizer(normalizer) }
            vocab.parseTemplate(tokenizer["post_processor"] as? [String: Any], config: tokenizerConfig, added: added)
        } else if folder.has("vocab.txt") {
            let text = try String(contentsOf: folder.url.appendingPathComponent("vocab.txt"), encoding: .utf8)
            var lines = text.components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            let specialTexts = Set(specialTokenTexts(tokenizerConfig).values)
            var map: [String: Any] = [:]
            for (i, line) in lines.enumerated() where map[line] == nil { map[line] = i }
            for (i, line) in lines.enumerated() where specialTexts.contains(line) { added[line] = (i, true) }
            try vocab.fill(map, added: added, size: folder.int("vocab_size"))
            vocab.lowercase = tokenizerConfig["do_lower_case"] as? Bool ?? true
            vocab.stripAccents = tokenizerConfig["strip_accents"] as? Bool
            vocab.addBOS = true
            vocab.addEOS = true
        } else {
            throw ConversionError.missingFile("tokenizer.json or vocab.txt")
        }
        vocab.resolveSpecials(tokenizerConfig, added: added, mapBOSToCLS: true, config: folder)
        return vocab
    }

    /// A byte-level BPE vocabulary from `tokenizer.json` (model type `BPE`).
    static func bytePair(_ folder: HFModelFolder) throws -> HFVocabulary {
        guard let tokenizer = try folder.json("tokenizer.json") else {
            if folder.has("tokenizer.model") {
                throw ConversionError.unsupportedTokenizer("SentencePiece tokenizer.model is not supported; a tokenizer.json is needed")
            }
            throw ConversionError.missingFile("tokenizer.json")
        }
        let tokenizerConfig = try folder.json("tokenizer_config.json") ?? [:]
        guard let model = tokenizer["model"] as? [String: Any], model["type"] as? String == "BPE",
              let map = model["vocab"] as? [String: Any]
        else { throw ConversionError.unsupportedTokenizer("tokenizer.json is not a BPE tokenizer") }
        var vocab = HFVocabulary()
        let added = addedTokens(tokenizer)
        try vocab.fill(map, added: added, size: folder.int("vocab_size"))
        for entry in model["merges"] as? [Any] ?? [] {
            if let s = entry as? String {
                vocab.merges.append(s)
            } else if let pair = entry as? [String], pair.count == 2 {
                // Spaces inside a part are written as U+0120 + 256 … as llama.cpp's gguf-py does.
                let escape = { (p: String) in String(String.UnicodeScalarView(p.unicodeScalars.map {
                    $0 == " " ? Unicode.Scalar(0x120) ?? $0 : $0 })) }
                vocab.merges.append(escape(pair[0]) + " " + escape(pair[1]))
            } else {
                throw ConversionError.invalidJSON(file: "tokenizer.json", reason: "unknown merges format")
            }
        }
        vocab.parseTemplate(tokenizer["post_processor"] as? [String: Any], config: tokenizerConfig, added: added)
        vocab.resolveSpecials(tokenizerConfig, added: added, mapBOSToCLS: false, config: folder)
        vocab.chatTemplate = tokenizerConfig["chat_template"] as? String
        return vocab
    }

    /// `added_tokens` of tokenizer.json: content → (id, special).
    static func addedTokens(_ tokenizer: [String: Any]) -> [String: (id: Int, special: Bool)] {
        var out: [String: (id: Int, special: Bool)] = [:]
        for case let entry as [String: Any] in tokenizer["added_tokens"] as? [Any] ?? [] {
            guard let content = entry["content"] as? String, let id = (entry["id"] as? NSNumber)?.intValue else { continue }
            out[content] = (id, entry["special"] as? Bool ?? false)
        }
        return out
    }

    /// `{kind}_token` entries of tokenizer_config.json (a string, or an object with `content`).
    static func specialTokenTexts(_ config: [String: Any]) -> [String: String] {
        var out: [String: String] = [:]
        for kind in ["bos", "eos", "unk", "sep", "pad", "cls", "mask"] {
            let entry = config["\(kind)_token"]
            if let s = entry as? String {
                out[kind] = s
            } else if let d = entry as? [String: Any], let s = d["content"] as? String {
                out[kind] = s
            }
        }
        return out
    }

    /// Tokens by id (`[PAD<id>]`, unused, for ids missing below `size`), typed as llama.cpp does:
    /// added special tokens (or ones that look special) are control, other added ones user-defined.
    private mutating func fill(_ map: [String: Any], added: [String: (id: Int, special: Bool)], size: Int?) throws {
        var byID: [Int: String] = [:]
        for (text, value) in map {
            guard let id = (value as? NSNumber)?.intValue, id >= 0, id < 10_000_000 else {
                throw ConversionError.invalidJSON(file: "tokenizer vocabulary", reason: "invalid id for \"\(text)\"")
            }
            byID[id] = text
        }
        for (text, entry) in added where entry.id >= 0 && entry.id < 10_000_000 { byID[entry.id] = text }
        let count = max(size ?? 0, (byID.keys.max() ?? -1) + 1)
        guard count > 0 else { throw ConversionError.unsupportedTokenizer("empty vocabulary") }
        tokens = []
        types = []
        for i in 0..<count {
            guard let text = byID[i] else {
                tokens.append("[PAD\(i)]")
                types.append(.unused)
                continue
            }
            tokens.append(text)
            if let entry = added[text], entry.id == i {
                types.append(entry.special || Self.looksSpecial(text) ? .control : .userDefined)
            } else {
                types.append(.normal)
            }
        }
    }

    /// llama.cpp's `does_token_look_special`.
    static func looksSpecial(_ t: String) -> Bool {
        ["<pad>", "<mask>", "<2mass>", "[@BOS@]"].contains(t) || (t.hasPrefix("<|") && t.hasSuffix("|>"))
            || (t.hasPrefix("<｜") && t.hasSuffix("｜>")) || (t.hasPrefix("<unused") && t.hasSuffix(">"))
    }

    /// Lower-casing and accent stripping of a `BertNormalizer` (or `Lowercase`/`StripAccents` in a `Sequence`).
    private mutating func parseNormalizer(_ n: [String: Any]) {
        switch n["type"] as? String {
        case "Lowercase": lowercase = true
        case "StripAccents": stripAccents = true
        case "BertNormalizer":
            if let v = n["lowercase"] as? Bool { lowercase = v }
            if let v = n["strip_accents"] as? Bool { stripAccents = v }
        case "Sequence":
            for case let inner as [String: Any] in n["normalizers"] as? [Any] ?? [] { parseNormalizer(inner) }
        default: break
        }
    }

    /// Whether the `TemplateProcessing` post-processor adds a leading and a trailing special token
    /// (llama.cpp's crude parse: `[CLS] $A [SEP]` → add BOS and EOS, no separate SEP).
    private mutating func parseTemplate(_ post: [String: Any]?, config: [String: Any],
                                        added: [String: (id: Int, special: Bool)]) {
        guard let post else { return }
        let processors = post["processors"] as? [[String: Any]] ?? [post]
        let texts = Self.specialTokenTexts(config)
        for p in processors {
            if p["type"] as? String == "RobertaProcessing" {
                addBOS = true
                addEOS = true
                addSEP = true
                continue
            }
            guard p["type"] as? String == "TemplateProcessing", let single = p["single"] as? [[String: Any]],
                  single.count > 1 else { continue }
            func special(_ e: [String: Any]?) -> String? { (e?["SpecialToken"] as? [String: Any])?["id"] as? String }
            if let first = special(single.first) {
                addBOS = first == (texts["bos"] ?? texts["cls"]) || first == texts["cls"]
            }
            if let last = special(single.last) {
                addEOS = last == (texts["eos"] ?? texts["sep"]) || last == texts["sep"]
            }
            if p["pair"] is [Any] { addSEP = false }
        }
        for (kind, flag) in [("bos", "add_bos_token"), ("eos", "add_eos_token")] {
            if let v = config[flag] as? Bool { if kind == "bos" { addBOS = v } else { addEOS = v } }
        }
    }

    /// The special token ids: from tokenizer_config's `{kind}_token` texts (BOS/EOS falling back to
    /// CLS/SEP for BERT), looked up among the added tokens then the vocabulary; else `{kind}_token_id`
    /// of config.json.
    private mutating func resolveSpecials(_ tokenizerConfig: [String: Any], added: [String: (id: Int, special: Bool)],
                                          mapBOSToCLS: Bool, config folder: HFModelFolder) {
        var texts = Self.specialTokenTexts(tokenizerConfig)
        if mapBOSToCLS {
            if texts["bos"] == nil { texts["bos"] = texts["cls"] }
            if texts["eos"] == nil { texts["eos"] = texts["sep"] }
        }
        var index: [String: Int] = [:]
        for (i, t) in tokens.enumerated() where index[t] == nil { index[t] = i }
        specialIDs = []
        for (kind, _) in Self.specialKeys {
            var id: Int?
            if let text = texts[kind] { id = added[text]?.id ?? index[text] }
            if id == nil { id = folder.int("\(kind)_token_id") }
            if let id, id >= 0, id < tokens.count { specialIDs.append((kind, id)) }
        }
    }

    /// Writes the special ids, add-flags, normaliser flags and chat template.
    func writeSpecials(_ add: (String, GGUFValue) -> Void) {
        for (kind, id) in specialIDs {
            guard let key = Self.specialKeys.first(where: { $0.kind == kind })?.key else { continue }
            add("tokenizer.ggml.\(key)", .uint32(UInt32(id)))
        }
        if let addBOS { add("tokenizer.ggml.add_bos_token", .bool(addBOS)) }
        if let addEOS { add("tokenizer.ggml.add_eos_token", .bool(addEOS)) }
        if let addSEP { add("tokenizer.ggml.add_sep_token", .bool(addSEP)) }
        if let lowercase { add("tokenizer.ggml.normalizer.lowercase", .bool(lowercase)) }
        if let stripAccents { add("tokenizer.ggml.normalizer.strip_accents", .bool(stripAccents)) }
        if let chatTemplate { add("tokenizer.chat_template", .string(chatTemplate)) }
    }
}
