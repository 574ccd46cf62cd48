/// Which type each tensor gets when a model is quantized: llama.cpp's `llama_tensor_get_type`
/// for the mixtures we produce (Q4_K_M and Q4_K_S keep the sensitive tensors in more bits).
struct QuantizationRecipe {
    let target: QuantizationType
    /// Tensors `attn_v` / `attn_qkv` and `ffn_down` in the file, for the layer-position rules.
    private let attentionVCount: Int
    private let ffnDownCount: Int
    /// No `output.weight`: the token embeddings double as the output and get its type.
    private let tiedEmbeddings: Bool
    private var attentionVSeen = 0
    private var ffnDownSeen = 0

    init(target: QuantizationType, tensors: [GGUFTensorInfo]) {
        self.target = target
        attentionVCount = tensors.filter { Self.isAttentionV($0.name) && Self.allowsQuantization($0) }.count
        ffnDownCount = tensors.filter { $0.name.contains("ffn_down") && Self.allowsQuantization($0) }.count
        tiedEmbeddings = !tensors.contains { $0.name == "output.weight" }
    }

    /// Whether llama.cpp quantizes this tensor at all (2-D+ weights, not norms, positions, token types, gates).
    static func allowsQuantization(_ t: GGUFTensorInfo) -> Bool {
        let name = t.name
        return t.shape.count >= 2 && name.hasSuffix("weight") && !name.contains("_norm.weight")
            && !name.contains("ffn_gate_inp.weight") && name != "position_embd.weight" && name != "token_types.weight"
    }

    static func isAttentionV(_ name: String) -> Bool { name.contains("attn_v.weight") || name.contains("attn_qkv.weight") }

    /// The type of tensor `t` (call once per tensor, in file order: the layer counters advance).
    mutating func type(for t: GGUFTensorInfo) -> GGMLType {
        guard Self.allowsQuantization(t) else { return t.type }
        var type = target.baseType
        guard type.blockSize > 1 else { return type }
        let name = t.name, cols = t.shape[0]
        func moreBits(_ i: Int, _ n: Int) -> Bool { i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2 }
        if name == "output.weight" || (tiedEmbeddings && name == "token_embd.weight") {
            if cols % type.blockSize != 0 {
                type = .q8_0
            } else if type != .q8_0 {
                type = .q6_K
            }
        } else if name == "token_embd.weight" {
            // keeps the base type
        } else if Self.isAttentionV(name) {
            if name.contains("attn_qkv.weight"), target == .q4_K_M {
                type = .q5_K
            } else if target == .q4_K_M, moreBits(attentionVSeen, attentionVCount) {
                type = .q6_K
            } else if target == .q4_K_S, attentionVSeen < 4 {
                type = .q5_K
            }
            attentionVSeen += 1
        } else if name.contains("ffn_down") {
            if target == .q4_K_M, moreBits(ffnDownSeen, ffnDownCount) {
                type = .q6_K
            } else if target == .q4_K_S, ffnDownSeen < ffnDownCount / 8 {
                type = .q5_K
            }
            ffnDownSeen += 1
        }
        return Self.fallback(type, cols: cols)
    }

    /// A type whose blocks fit rows of `cols` (llama.cpp's `tensor_type_fallback`): 256-blocks fall
    /// back to a 32-block type, and F16 when even that does not fit.
    static func fallback(_ type: GGMLType, cols: Int) -> GGMLType {
        guard cols % type.blockSize != 0 else { return type }
        var out = type
        switch type {
        case .q2_K, .q3_K: out = .q4_0
        case .q4_K: out = .q5_0
        case .q5_K: out = .q5_1
        case .q6_K: out = .q8_0
        default: break
        }
        return cols % out.blockSize == 0 ? out : .f16
    }
}
