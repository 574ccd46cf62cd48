#!/usr/bin/env python3
"""llama.cpp's side of `make bench`, through llama-cpp-python's low-level API (no Python-side
copies of the logits): load time, time to the first token of the raw prompt "hi", prefill
tokens/s of a prompt evaluated as one batch, greedy decode tokens/s, peak RSS. Prints one JSON
object with the same field names as `ollama __bench`.

Run it with the reference venv (scripts/reference-venv.sh):
    ~/.cache/ollama-swift/venv/bin/python scripts/llamacpp_bench.py --model FILE.gguf \
        --text reference-text.txt --prompt-tokens 512 --gen 128 --threads 2 --ctx 4096
"""
import argparse
import contextlib
import ctypes
import json
import os
import sys
import time


@contextlib.contextmanager
def quiet_stderr(enabled=True):
    """Silences llama.cpp's log lines (written by C code to fd 2) while loading."""
    if not enabled:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def status_bytes(key):
    """A kB field of /proc/self/status (VmHWM, VmRSS), in bytes."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--text", help="prompt text file (the reference text); repeated when too short")
    ap.add_argument("--prompt-tokens", type=int, default=512)
    ap.add_argument("--gen", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ctx", type=int, default=4096)
    ap.add_argument("--batch", type=int, default=512)
    ap.add_argument("--flash-attn", action="store_true", help="enable flash attention (default: off, as the fixtures)")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    if a.prompt_tokens + a.gen > a.ctx:
        sys.exit("llamacpp_bench: --prompt-tokens + --gen exceeds --ctx")

    import numpy as np
    import llama_cpp as L

    baseline_rss = status_bytes("VmRSS")
    now = time.perf_counter

    # Load: backend, model (mmapped, as ours), context (KV cache f16).
    t0 = now()
    with quiet_stderr(not a.verbose):
        L.llama_backend_init()
        mp = L.llama_model_default_params()
        mp.n_gpu_layers = 0
        model = L.llama_model_load_from_file(a.model.encode(), mp)
        if not model:
            sys.exit(f"llamacpp_bench: cannot load {a.model}")
        cp = L.llama_context_default_params()
        cp.n_ctx = a.ctx
        cp.n_batch = a.batch
        cp.n_ubatch = a.batch
        cp.n_threads = a.threads
        cp.n_threads_batch = a.threads
        cp.flash_attn_type = L.LLAMA_FLASH_ATTN_TYPE_ENABLED if a.flash_attn else L.LLAMA_FLASH_ATTN_TYPE_DISABLED
        ctx = L.llama_init_from_model(model, cp)
        if not ctx:
            sys.exit("llamacpp_bench: cannot create a context")
    vocab = L.llama_model_get_vocab(model)
    n_vocab = L.llama_vocab_n_tokens(vocab)
    t1 = now()

    def tokenize(text, add_special):
        data = text.encode("utf-8")
        cap = len(data) + 16
        buf = (L.llama_token * cap)()
        n = L.llama_tokenize(vocab, data, len(data), buf, cap, add_special, False)
        if n < 0:
            sys.exit("llamacpp_bench: tokenization failed")
        return list(buf[:n])

    def decode(tokens):
        arr = (L.llama_token * len(tokens))(*tokens)
        rc = L.llama_decode(ctx, L.llama_batch_get_one(arr, len(tokens)))
        if rc != 0:
            sys.exit(f"llamacpp_bench: llama_decode returned {rc}")

    def argmax():
        ptr = L.llama_get_logits_ith(ctx, -1)
        return int(np.argmax(np.ctypeslib.as_array(ptr, shape=(n_vocab,))))

    # First token of a short raw prompt.
    decode(tokenize("hi", True))
    first_token = argmax()
    t2 = now()

    # Prefill: the first prompt-tokens tokens of the text (BOS first where the model adds one).
    L.llama_memory_clear(L.llama_get_memory(ctx), True)
    text = open(a.text, encoding="utf-8").read() if a.text else "The quick brown fox jumps over the lazy dog. "
    prompt = tokenize(text, True)
    body = tokenize(text, False)
    while len(prompt) < a.prompt_tokens:
        prompt += body
    prompt = prompt[: a.prompt_tokens]
    t3 = now()
    for start in range(0, len(prompt), a.batch):
        decode(prompt[start : start + a.batch])
    token = argmax()
    t4 = now()

    # Decode: gen greedy tokens, one llama_decode each.
    generated = []
    t5 = now()
    for _ in range(a.gen):
        decode([token])
        generated.append(token)
        token = argmax()
    t6 = now()

    out = {
        "engine": "llama.cpp",
        "model": a.model,
        "threads": a.threads,
        "n_ctx": a.ctx,
        "n_batch": a.batch,
        "flash_attn": a.flash_attn,
        "load_ms": round((t1 - t0) * 1000, 2),
        "first_token_ms": round((t2 - t1) * 1000, 2),
        "ttft_ms": round((t2 - t0) * 1000, 2),
        "first_token": first_token,
        "prompt_tokens": len(prompt),
        "prefill_ms": round((t4 - t3) * 1000, 2),
        "prefill_tok_s": round(len(prompt) / (t4 - t3), 2),
        "gen_tokens": a.gen,
        "decode_ms": round((t6 - t5) * 1000, 2),
        "decode_tok_s": round(a.gen / (t6 - t5), 2),
        "first_generated": generated[:16],
        "peak_rss_bytes": status_bytes("VmHWM"),
        "baseline_rss_bytes": baseline_rss,
        "model_size_bytes": int(L.llama_model_size(model)),
    }
    with quiet_stderr(not a.verbose):
        L.llama_free(ctx)
        L.llama_model_free(model)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
