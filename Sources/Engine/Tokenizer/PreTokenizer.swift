/// Splits text into the pieces that BPE encodes separately, as llama.cpp does for each
/// `tokenizer.ggml.pre` (`llm_tokenizer_bpe` constructor in llama-vocab.cpp).
///
/// Each kind is a sequence of regex stages; every stage splits each piece of the previous stage
/// further (llama.cpp's `unicode_regex_split`), and text a regex does not match stays as its own
/// piece. The regexes are hand-written scanners, never a regex engine.
public enum PreTokenizer: String, Sendable, CaseIterable {
    /// GPT-2: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)`.
    case gpt2
    /// Llama 3 (`llama-bpe`): case-insensitive contractions, `[^\r\n\p{L}\p{N}]?\p{L}+`,
    /// `\p{N}{1,3}`, ` ?[^\s\p{L}\p{N}]+[\r\n]*`, `\s*[\r\n]+`, `\s+(?!\S)`, `\s+`.
    case llama3
    /// Qwen 2: the Llama 3 pattern with single digits (`\p{N}`).
    case qwen2
    /// SmolLM / StarCoder: every digit alone (`\p{N}`), then GPT-2.
    case smollm
    /// llama.cpp's default: `[\p{P}\$\+<=>\^~\|]+`, then GPT-2, then `\p{N}+`, then `[0-9]{3}`.
    case standard

    /// The pre-tokenizer for a `tokenizer.ggml.pre` value.
    public init?(ggmlName: String) {
        switch ggmlName {
        case "gpt2", "gpt-2", "mpt", "olmo", "jais", "trillion": self = .gpt2
        case "llama3", "llama-v3", "llama-bpe", "falcon3", "pixtral", "dbrx", "smaug-bpe": self = .llama3
        case "qwen2", "stablelm2", "deepseek-r1-qwen", "hunyuan": self = .qwen2
        case "smollm", "starcoder", "refact", "command-r", "codeshell", "exaone", "minerva-7b": self = .smollm
        case "default", "": self = .standard
        default: return nil
        }
    }

    /// Whether a piece that is already a whole token skips the merges (llama.cpp's `ignore_merges`, Llama 3 only).
    var ignoresMerges: Bool { self == .llama3 }

    /// Splits `text` into pieces (ranges of scalar indices, in order, covering the text).
    func split(_ text: ScalarText) -> [Range<Int>] {
        let whole = [0..<text.scalars.count]
        switch self {
        case .gpt2: return Self.stage(whole, text, Self.gpt2Matches)
        case .llama3: return Self.stage(whole, text) { Self.llama3Matches($0, $1, maxDigits: 3) }
        case .qwen2: return Self.stage(whole, text) { Self.llama3Matches($0, $1, maxDigits: 1) }
        case .smollm:
            let digits = Self.stage(whole, text) { Self.classRuns($0, $1, .number, maxLength: 1) }
            return Self.stage(digits, text, Self.gpt2Matches)
        case .standard:
            let punct = Self.stage(whole, text, Self.punctuationRuns)
            let words = Self.stage(punct, text, Self.gpt2Matches)
            let numbers = Self.stage(words, text) { Self.classRuns($0, $1, .number, maxLength: nil) }
            return Self.stage(numbers, text, Self.asciiDigitTriples)
        }
    }

    /// Applies one regex stage to every piece; gaps between matches stay as pieces.
    static func stage(_ pieces: [Range<Int>], _ text: ScalarText,
                      _ matches: (ScalarText, Range<Int>) -> [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        out.reserveCapacity(pieces.count * 2)
        for piece in pieces where !piece.isEmpty {
            var start = piece.lowerBound
            for m in matches(text, piece) where !m.isEmpty {
                if m.lowerBound > start { out.append(start..<m.lowerBound) }
                out.append(m)
                start = m.upperBound
            }
            if start < piece.upperBound { out.append(start..<piece.upperBound) }
        }
        return out
    }

    /// Runs of scalars of `cls` (`\p{N}+`), cut every `maxLength` scalars (`\p{N}` when 1).
    static func classRuns(_ text: ScalarText, _ range: Range<Int>, _ cls: UnicodeClass, maxLength: Int?) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = range.lowerBound
        while i < range.upperBound {
            guard text.classes[i].contains(cls) else { i += 1; continue }
            let start = i
            while i < range.upperBound, text.classes[i].contains(cls), i - start < (maxLength ?? Int.max) { i += 1 }
            out.append(start..<i)
        }
        return out
    }

    /// `[\p{P}\$\+<=>\^~\|]+`.
    static func punctuationRuns(_ text: ScalarText, _ range: Range<Int>) -> [Range<Int>] {
        func member(_ i: Int) -> Bool {
            if text.classes[i].contains(.punctuation) { return true }
            switch text.scalars[i] {
            case "$", "+", "<", "=", ">", "^", "~", "|": return true
            default: return false
            }
        }
        var out: [Range<Int>] = []
        var i = range.lowerBound
        while i < range.upperBound {
            guard member(i) else { i += 1; continue }
            let start = i
            while i < range.upperBound, member(i) { i += 1 }
            out.append(start..<i)
        }
        return out
    }

    /// `[0-9][0-9][0-9]`: non-overlapping triples of ASCII digits, left to right.
    static func asciiDigitTriples(_ text: ScalarText, _ range: Range<Int>) -> [Range<Int>] {
        func digit(_ i: Int) -> Bool { i < range.upperBound && ("0"..."9").contains(text.scalars[i]) }
        var out: [Range<Int>] = []
        var i = range.lowerBound
        while i < range.upperBound {
            if digit(i), digit(i + 1), digit(i + 2) {
                out.append(i..<i + 3)
                i += 3
            } else {
                i += 1
            }
        }
        return out
    }
}

// MARK: - Pieces as strings

extension PreTokenizer {
    /// The pieces of `text` as strings (for tests and debugging).
    package func pieces(of text: String) -> [String] {
        let scalars = ScalarText(Array(text.unicodeScalars))
        return split(scalars).map { range in
            var s = String.UnicodeScalarView()
            s.append(contentsOf: scalars.scalars[range])
            return String(s)
        }
    }
}
