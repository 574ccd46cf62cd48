/// The weights of one BERT encoder block (post-norm).
struct BertLayer {
    let wq: WeightMatrix  // blk.N.attn_q.weight              [dim → dim]
    let wk: WeightMatrix  // blk.N.attn_k.weight              [dim → dim]
    let wv: WeightMatrix  // blk.N.attn_v.weight              [dim → dim]
    let bq: [Float]?  // blk.N.attn_q.bias                    [dim]
    let bk: [Float]?  // blk.N.attn_k.bias                    [dim]
    let bv: [Float]?  // blk.N.attn_v.bias                    [dim]
    let wo: WeightMatrix  // blk.N.attn_output.weight         [dim → dim]
    let bo: [Float]?  // blk.N.attn_output.bias               [dim]
    let attnNormW: [Float]  // blk.N.attn_output_norm.weight  [dim]
    let attnNormB: [Float]  // blk.N.attn_output_norm.bias    [dim]
    let up: WeightMatrix  // blk.N.ffn_up.weight              [dim → ff]
    let upB: [Float]?  // blk.N.ffn_up.bias                   [ff]
    let down: WeightMatrix  // blk.N.ffn_down.weight          [ff → dim]
    let downB: [Float]?  // blk.N.ffn_down.bias               [dim]
    let outNormW: [Float]  // blk.N.layer_output_norm.weight  [dim]
    let outNormB: [Float]  // blk.N.layer_output_norm.bias    [dim]

    init(_ w: TensorLoader, _ i: Int, dim: Int, ff: Int) throws {
        wq = try w.matrix("blk.\(i).attn_q.weight", cols: dim, rows: dim)
        wk = try w.matrix("blk.\(i).attn_k.weight", cols: dim, rows: dim)
        wv = try w.matrix("blk.\(i).attn_v.weight", cols: dim, rows: dim)
        bq = try w.optionalVector("blk.\(i).attn_q.bias", count: dim)
        bk = try w.optionalVector("blk.\(i).attn_k.bias", count: dim)
        bv = try w.optionalVector("blk.\(i).attn_v.bias", count: dim)
        wo = try w.matrix("blk.\(i).attn_output.weight", cols: dim, rows: dim)
        bo = try w.optionalVector("blk.\(i).attn_output.bias", count: dim)
        attnNormW = try w.vector("blk.\(i).attn_output_norm.weight", count: dim)
        attnNormB = try w.vector("blk.\(i).attn_output_norm.bias", count: dim)
        up = try w.matrix("blk.\(i).ffn_up.weight", cols: dim, rows: ff)
        upB = try w.optionalVector("blk.\(i).ffn_up.bias", count: ff)
        down = try w.matrix("blk.\(i).ffn_down.weight", cols: ff, rows: dim)
        downB = try w.optionalVector("blk.\(i).ffn_down.bias", count: dim)
        outNormW = try w.vector("blk.\(i).layer_output_norm.weight", count: dim)
        outNormB = try w.vector("blk.\(i).layer_output_norm.bias", count: dim)
    }
}
