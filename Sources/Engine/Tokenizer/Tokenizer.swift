/// Text ↔ token ids for a GGUF model, built from its `tokenizer.ggml.*` metadata.
///
/// `tokenizer.ggml.model` picks the algorithm: `gpt2` → byte-level BPE with the pre-tokenizer
/// named by `tokenizer.ggml.pre`; `llama` → SentencePiece; `bert` → WordPiece (BERT's basic
/// tokenization, then greedy longest-match). Behaviour follows llama.cpp's
/// `llama_vocab::tokenize` / `token_to_piece`, so ids match llama.cpp's.
public final class Tokenizer: @unchecked Sendable {
    /// The tokenizer algorithm.
    public enum Model: String, Sendable {
        case bytePairEncoding = "gpt2"
        case sentencePiece = "llama"
        case wordPiece = "bert"
    }

    public let model: Model
    /// The pre-tokenizer (BPE only).
    public let preTokenizer: PreTokenizer?
    /// Beginning-of-sequence token.
    public let bos: Int32?
    /// End-of-sequence token.
    public let eos: Int32?
    /// End-of-turn token (`tokenizer.ggml.eot_token_id`, or found by name).
    public let eot: Int32?
    public let padding: Int32?
    public let unknown: Int32?
    /// Whether `encode(addSpecial: true)` puts `bos` first.
    public let addBOS: Bool
    /// Whether `encode(addSpecial: true)` puts `eos` last.
    public let addEOS: Bool
    /// Whether SentencePiece text gets a leading space (`tokenizer.ggml.add_space_prefix`).
    public let addSpacePrefix: Bool
    /// Tokens that end generation: eos, eot, and the control tokens llama.cpp recognises by name.
    public let endOfGeneration: Set<Int32>

    let vocabulary: ByteStringTable
    let types: [TokenType]
    let bpe: BytePairEncoding?
    let spm: SentencePiece?
    let wpm: WordPiece?
    let specials: SpecialTokenSplitter

    /// Token texts llama.cpp treats as end of generation wherever they appear in a vocabulary.
    static let endOfGenerationTexts: Set<String> = [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|eom_id|>",
        "<EOT>", "_<EOT>", "<|end_of_text|>", "<end_of_utterance>",
    ]

    /// Builds the tokenizer of an opened model.
    public convenience init(_ file: GGUFFile) throws {
        try self.init(metadata: file.metadata)
    }

    /// Builds a tokenizer from GGUF metadata.
    ///
    /// - Throws: `TokenizerError` when keys are missing or inconsistent.
    public init(metadata m: GGUFMetadata) throws {
        guard let name = m.string("tokenizer.ggml.model") else { throw TokenizerError.missingKey("tokenizer.ggml.model") }
        guard let model = Model(rawValue: name) else { throw TokenizerError.unsupportedModel(name) }
        guard let tokens = m.stringArray("tokenizer.ggml.tokens"), !tokens.isEmpty else {
            throw TokenizerError.missingKey("tokenizer.ggml.tokens")
        }
        let n = tokens.count
        var types = [TokenType](repeating: .normal, count: n)
        if let raw = m.intArray("tokenizer.ggml.token_type") {
            guard raw.count == n else {
                throw TokenizerError.lengthMismatch(key: "tokenizer.ggml.token_type", expected: n, actual: raw.count)
            }
            for i in 0..<n { types[i] = TokenType(rawValue: Int32(truncatingIfNeeded: raw[i])) ?? .undefined }
        }
        let vocabulary = ByteStringTable(tokens)
        // llama.cpp's defaults when a SentencePiece model omits the ids: <unk> 0, <s> 1, </s> 2.
        // …and for BERT vocabularies: [UNK] 100, [CLS] 101, [SEP] 102, [PAD] 0.
        var spmDefaults: [String: Int] = model == .sentencePiece && n > 2
            ? ["unknown_token_id": 0, "bos_token_id": 1, "eos_token_id": 2] : [:]
        if model == .wordPiece, n > 103 {
            spmDefaults = ["unknown_token_id": 100, "bos_token_id": 101, "seperator_token_id": 102, "padding_token_id": 0]
        }
        func tokenID(_ key: String) throws -> Int32? {
            guard let v = m.int("tokenizer.ggml.\(key)") ?? spmDefaults[key] else { return nil }
            guard v >= 0, v < n else { throw TokenizerError.tokenOutOfRange(key: "tokenizer.ggml.\(key)", id: v) }
            return Int32(v)
        }
        self.model = model
        self.bos = try tokenID("bos_token_id")
        // A BERT sequence ends with [SEP]: llama.cpp appends the separator whatever eos says.
        self.eos = model == .wordPiece ? try tokenID("seperator_token_id") ?? tokenID("eos_token_id")
            : try tokenID("eos_token_id")
        self.padding = try tokenID("padding_token_id")
        self.unknown = try tokenID("unknown_token_id")
        var eot = try tokenID("eot_token_id")
        var eog = Set([eos, eot].compactMap { $0 })
        for text in Self.endOfGenerationTexts {
            guard let id = vocabulary.id(of: Array(text.utf8)) else { continue }
            eog.insert(id)
            types[Int(id)] = .control  // llama.cpp forces these to control
            if eot == nil, text != "<|endoftext|>", text != "<|end_of_text|>" { eot = id }
        }
        self.eot = eot
        self.endOfGeneration = eog

        switch model {
        case .bytePairEncoding:
            let pre = m.string("tokenizer.ggml.pre") ?? "default"
            guard let kind = PreTokenizer(ggmlName: pre) else { throw TokenizerError.unsupportedPreTokenizer(pre) }
            guard let merges = m.stringArray("tokenizer.ggml.merges") else {
                throw TokenizerError.missingKey("tokenizer.ggml.merges")
            }
            preTokenizer = kind
            bpe = try BytePairEncoding(vocabulary: vocabulary, merges: merges, preTokenizer: kind)
            spm = nil
            wpm = nil
            // llama.cpp adds BOS by default for Llama 3 vocabularies only.
            addBOS = m.bool("tokenizer.ggml.add_bos_token") ?? (kind == .llama3)
            addSpacePrefix = false
        case .sentencePiece:
            guard let scores = m.floatArray("tokenizer.ggml.scores") else {
                throw TokenizerError.missingKey("tokenizer.ggml.scores")
            }
            guard scores.count == n else {
                throw TokenizerError.lengthMismatch(key: "tokenizer.ggml.scores", expected: n, actual: scores.count)
            }
            preTokenizer = nil
            bpe = nil
            spm = SentencePiece(vocabulary: vocabulary, scores: scores)
            wpm = nil
            addBOS = m.bool("tokenizer.ggml.add_bos_token") ?? true
            addSpacePrefix = m.bool("tokenizer.ggml.add_space_prefix") ?? true
        case .wordPiece:
            guard let unknown = self.unknown else { throw TokenizerError.missingKey("tokenizer.ggml.unknown_token_id") }
            // Files written before llama.cpp stored the normalizer options lower-cased (all common
            // BERT embedding models are uncased), so a missing key means true.
            let lowercase = m.bool("tokenizer.ggml.normalizer.lowercase") ?? true
            let strip = m.bool("tokenizer.ggml.normalizer.strip_accents") ?? lowercase
            preTokenizer = nil
            bpe = nil
            spm = nil
            wpm = WordPiece(preTokenizer: BertPreTokenizer(lowercase: lowercase, stripAccents: strip),
                            unknown: unknown, maxCharactersPerWord: 100)
            addBOS = true
            addSpacePrefix = false
        }
        addEOS = model == .wordPiece ? true : m.bool("tokenizer.ggml.add_eos_token") ?? false
        self.vocabulary = vocabulary
        self.types = types
        self.specials = SpecialTokenSplitter(vocabulary: vocabulary, types: types)
    }

    /// Number of tokens in the vocabulary.
    public var vocabularySize: Int { types.count }

    /// The kind of `token` (`.undefined` when out of range).
    public func tokenType(_ token: Int32) -> TokenType {
        token >= 0 && Int(token) < types.count ? types[Int(token)] : .undefined
    }

    /// Whether `token` is a control token (`<|im_start|>`, `<bos>`, …).
    public func isControl(_ token: Int32) -> Bool { tokenType(token) == .control }

    /// Whether generating `token` ends the reply.
    public func isEndOfGeneration(_ token: Int32) -> Bool { endOfGeneration.contains(token) }

    /// The vocabulary text of `token` as stored (byte-level or `▁` spelling), or nil when out of range.
    public func tokenText(_ token: Int32) -> String? {
        guard token >= 0, Int(token) < types.count else { return nil }
        return String(decoding: vocabulary.bytes(Int(token)), as: UTF8.self)
    }

    /// The token whose stored text is exactly `text`, if any.
    public func token(forText text: String) -> Int32? { vocabulary.id(of: Array(text.utf8)) }
}
