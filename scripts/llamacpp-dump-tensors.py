#!/usr/bin/env python3
"""Dumps every f32 tensor of llama.cpp's graph (its eval callback) for the first NTOK tokens of a
reference window, to compare our engine with llama.cpp operation by operation (how SmolLM2 was made
bit-identical; see docs/engine.md). Run with the reference venv (scripts/llamacpp-venv.sh):
    ~/.cache/ollama-swift/venv/bin/python scripts/llamacpp-dump-tensors.py GGUF FIXTURE.json NTOK WINDOW OUTDIR
Writes OUTDIR/ref_<name>.f32 (raw little-endian float32) and OUTDIR/ref_index.json ({name: {ne, file}}),
and prints the largest difference between these log-probs and the fixture's (offset 1 for BOS windows).
Settings as the fixtures: 2 threads, n_batch = n_ubatch = 512 (longer prompts go in 512-token calls),
f16 KV cache, flash attention off.
"""
import ctypes, json, os, sys
import numpy as np
import llama_cpp as L

gguf, fixture_path, ntok, win, out_dir = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
os.makedirs(out_dir, exist_ok=True)
base = ctypes.CDLL(os.path.join(os.path.dirname(L.__file__), "lib", "libggml-base.so"))
base.ggml_get_name.restype = ctypes.c_char_p; base.ggml_get_name.argtypes = [ctypes.c_void_p]
base.ggml_nbytes.restype = ctypes.c_size_t; base.ggml_nbytes.argtypes = [ctypes.c_void_p]
base.ggml_backend_tensor_get.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t]
fx = json.load(open(fixture_path))
tokens = fx["perplexity"]["windows"][win]["tokens"][:ntok]
dumps = {}

@L.ggml_backend_sched_eval_callback
def callback(t, ask, _):
    if ask:
        return True
    if (ctypes.c_int32 * 1).from_address(t)[0] != 0:  # f32 tensors only
        return True
    name = base.ggml_get_name(t).decode()
    ne = list((ctypes.c_int64 * 4).from_address(t + 16))  # ggml_tensor.ne follows type and buffer
    size = base.ggml_nbytes(t)
    buf = np.empty(size // 4, dtype=np.float32)
    base.ggml_backend_tensor_get(t, buf.ctypes.data, 0, size)
    key, k = name, 0
    while key in dumps:  # the same name is set on several nodes (e.g. before and after RoPE)
        k += 1
        key = f"{name}#{k}"
    dumps[key] = (buf, ne)
    return True

L.llama_backend_init()
mp = L.llama_model_default_params(); mp.n_gpu_layers = 0
model = L.llama_model_load_from_file(gguf.encode(), mp)
cp = L.llama_context_default_params()
cp.n_ctx = 1024; cp.n_batch = 512; cp.n_ubatch = 512; cp.n_threads = 2; cp.n_threads_batch = 2
cp.flash_attn_type = L.LLAMA_FLASH_ATTN_TYPE_DISABLED; cp.type_k = L.GGML_TYPE_F16; cp.type_v = L.GGML_TYPE_F16
cp.cb_eval = callback
ctx = L.llama_init_from_model(model, cp)
n_vocab = L.llama_vocab_n_tokens(L.llama_model_get_vocab(model))
batch = L.llama_batch_init(512, 0, 1)
rows = []
for start in range(0, len(tokens), 512):
    chunk = tokens[start:start + 512]
    batch.n_tokens = len(chunk)
    for i, t in enumerate(chunk):
        batch.token[i] = t; batch.pos[i] = start + i; batch.n_seq_id[i] = 1; batch.seq_id[i][0] = 0; batch.logits[i] = 1
    assert L.llama_decode(ctx, batch) == 0
    rows += [np.ctypeslib.as_array(L.llama_get_logits_ith(ctx, i), shape=(n_vocab,)).astype(np.float64) for i in range(len(chunk))]
logprobs = []
for i in range(len(tokens) - 1):
    m = rows[i].max()
    logprobs.append(rows[i][tokens[i + 1]] - (m + np.log(np.exp(rows[i] - m).sum())))
ref = fx["perplexity"]["windows"][win]["target_logprob"]
offset = len(fx["perplexity"]["windows"][win]["tokens"]) - 1 - len(ref)
pairs = [(logprobs[j + offset], ref[j]) for j in range(len(ref)) if j + offset < len(logprobs)]
print("max |llama.cpp here - fixture| log-prob:", max(abs(a - b) for a, b in pairs) if pairs else "n/a")
index = {}
for key, (buf, ne) in dumps.items():
    path = os.path.join(out_dir, "ref_" + key.replace("/", "_").replace(" ", "_") + ".f32")
    buf.tofile(path)
    index[key] = {"ne": ne, "file": path}
json.dump(index, open(os.path.join(out_dir, "ref_index.json"), "w"))
print(len(dumps), "tensors written to", out_dir)
