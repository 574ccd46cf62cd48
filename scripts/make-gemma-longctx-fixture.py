#!/usr/bin/env python3
"""Writes Tests/EngineTests/Fixtures/gemma3-longctx.json: llama.cpp's outputs for Gemma 3 270M on a
1,500-token prompt, beyond its 512-token sliding window (issue 4, long-context correctness).

The prompt is the reference text tokenized by llama.cpp for gemma3 (BOS first, no special parsing),
evaluated teacher-forced in batches of 512 with logits at every position. Its length is the first
N >= 1,500 whose next token is not a near-tie (top-1 ahead of top-2 by >= 0.5 logits), so that the
"next token after ~1,500 tokens" check does not hinge on the last bits of a float.
Stored: the token ids, llama.cpp's argmax and its lead over the runner-up after every position, and
the top-5 ids and logits after the named positions 600, 1000, 1499 and N-1 (the next token).

Settings: llama-cpp-python 0.3.36 (llama.cpp built from its vendored source), 2 threads, n_ctx 2048,
n_batch = n_ubatch = 512, f16 KV cache, flash attention off (llama.cpp's non-flash graph, as the
other fixtures). Run with the reference venv (scripts/reference-venv.sh):
    ~/.cache/ollama-swift/venv/bin/python scripts/make-gemma-longctx-fixture.py [GGUF] [TEXT] [OUT]
"""
import ctypes
import hashlib
import json
import os
import sys

MIN_TOKENS = 1500
MAX_TOKENS = 1536
CLEAR_MARGIN = 0.5
NAMED = [600, 1000, 1499]
N_BATCH = 512
N_CTX = 2048
THREADS = 2


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    models = os.environ.get("OLLAMA_TEST_MODELS", os.path.expanduser("~/.cache/ollama-swift/models"))
    gguf = sys.argv[1] if len(sys.argv) > 1 else os.path.join(models, "gemma-3-270m-q4_k_m.gguf")
    text_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "Tests/EngineTests/Fixtures/reference-text.txt")
    out_path = sys.argv[3] if len(sys.argv) > 3 else os.path.join(root, "Tests/EngineTests/Fixtures/gemma3-longctx.json")

    import numpy as np
    import llama_cpp as L

    L.llama_backend_init()
    mp = L.llama_model_default_params()
    mp.n_gpu_layers = 0
    model = L.llama_model_load_from_file(gguf.encode(), mp)
    if not model:
        sys.exit(f"cannot load {gguf}")
    cp = L.llama_context_default_params()
    cp.n_ctx = N_CTX
    cp.n_batch = N_BATCH
    cp.n_ubatch = N_BATCH
    cp.n_threads = THREADS
    cp.n_threads_batch = THREADS
    cp.flash_attn_type = L.LLAMA_FLASH_ATTN_TYPE_DISABLED
    cp.type_k = L.GGML_TYPE_F16
    cp.type_v = L.GGML_TYPE_F16
    ctx = L.llama_init_from_model(model, cp)
    if not ctx:
        sys.exit("cannot create a context")
    vocab = L.llama_model_get_vocab(model)
    n_vocab = L.llama_vocab_n_tokens(vocab)

    data = open(text_path, encoding="utf-8").read().encode("utf-8")
    cap = len(data) + 16
    buf = (L.llama_token * cap)()
    n = L.llama_tokenize(vocab, data, len(data), buf, cap, True, False)
    if n < MAX_TOKENS:
        sys.exit(f"the text gives {n} tokens, fewer than {MAX_TOKENS}")
    tokens = list(buf[:MAX_TOKENS])
    bos = L.llama_vocab_bos(vocab)
    assert tokens[0] == bos, "gemma3 adds BOS"

    batch = L.llama_batch_init(N_BATCH, 0, 1)
    top1 = []
    margins = []
    rows = {}
    for start in range(0, MAX_TOKENS, N_BATCH):
        chunk = tokens[start : start + N_BATCH]
        batch.n_tokens = len(chunk)
        for i, t in enumerate(chunk):
            batch.token[i] = t
            batch.pos[i] = start + i
            batch.n_seq_id[i] = 1
            batch.seq_id[i][0] = 0
            batch.logits[i] = 1
        rc = L.llama_decode(ctx, batch)
        if rc != 0:
            sys.exit(f"llama_decode returned {rc}")
        for i in range(len(chunk)):
            row = np.ctypeslib.as_array(L.llama_get_logits_ith(ctx, i), shape=(n_vocab,)).copy()
            p = start + i
            order = np.argsort(-row, kind="stable")[:5]
            top1.append(int(order[0]))
            margins.append(float(row[order[0]] - row[order[1]]))
            rows[p] = {
                "position": p,
                "top5_ids": [int(x) for x in order],
                "top5_logits": [round(float(row[x]), 5) for x in order],
            }
    L.llama_batch_free(batch)
    last = next((p for p in range(MIN_TOKENS - 1, MAX_TOKENS) if margins[p] >= CLEAR_MARGIN), None)
    if last is None:
        sys.exit(f"no clear next token between {MIN_TOKENS} and {MAX_TOKENS} tokens")
    N_TOKENS = last + 1
    POSITIONS = sorted(set(NAMED + [last]))
    tokens, top1, margins = tokens[:N_TOKENS], top1[:N_TOKENS], margins[:N_TOKENS]
    named = {p: rows[p] for p in POSITIONS}

    sha = hashlib.sha256()
    with open(gguf, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            sha.update(block)
    fixture = {
        "model": os.path.basename(gguf),
        "gguf_sha256": sha.hexdigest(),
        "reference": "llama.cpp through llama-cpp-python " + L.__version__,
        "settings": {"threads": THREADS, "n_ctx": N_CTX, "n_batch": N_BATCH, "n_ubatch": N_BATCH,
                     "kv_type": "f16", "flash_attn": False},
        "text_file": os.path.basename(text_path),
        "add_bos": True,
        "n_tokens": N_TOKENS,
        "tokens": tokens,
        "top1": top1,
        "top1_margin": [round(m, 4) for m in margins],
        "next_token": top1[-1],
        "positions": [named[p] for p in POSITIONS],
    }
    with open(out_path, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {out_path}: next token {top1[-1]}, " +
          ", ".join(f"pos {p}: top5 {named[p]['top5_ids']}" for p in POSITIONS))
    L.llama_free(ctx)
    L.llama_model_free(model)


if __name__ == "__main__":
    main()
