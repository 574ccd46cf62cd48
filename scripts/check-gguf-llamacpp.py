#!/usr/bin/env python3
"""Checks that llama.cpp loads the GGUF we convert from all-MiniLM-L6-v2 and embeds like the reference.

Run by hand (or by `make bench`), not part of the product nor of `make test`:
    scripts/check-gguf-llamacpp.py [--gguf PATH]
Without --gguf it converts the model folder with our converter (through the test target, which
writes the converted file when EMBED_EXPORT_GGUF is set). It needs llama-cpp-python in the cache
venv (scripts/llamacpp-venv.sh creates it) and re-runs itself with that venv's python.
Passes when llama.cpp, given the reference token ids, embeds every fixture string with cosine >= 0.999
to the reference; also reports where llama.cpp's own WordPiece tokenizer differs from the reference.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(ROOT, "Tests/EngineTests/Fixtures/all-minilm-embeddings.json")


def venv_python():
    return subprocess.run([os.path.join(ROOT, "scripts/llamacpp-venv.sh")], check=True,
                          capture_output=True, text=True).stdout.strip()


def export_gguf(path):
    """Converts all-MiniLM-L6-v2 with our converter and writes the GGUF to `path`."""
    env = dict(os.environ, EMBED_EXPORT_GGUF=path)
    subprocess.run(["swift", "test", "-c", "release", "--filter", "BertEmbeddingTests/convertedModelHasLlamaCppKeysAndTensors"],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    if not os.path.exists(path):
        sys.exit(f"conversion did not write {path}")


def cosine(a, b):
    dot = sum(x * y for x, y in zip(a, b))
    na = sum(x * x for x in a) ** 0.5
    nb = sum(y * y for y in b) ** 0.5
    return dot / max(na * nb, 1e-30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gguf", help="the GGUF to check (default: convert the model folder)")
    args = parser.parse_args()
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        python = venv_python()
        os.execv(python, [python, os.path.abspath(__file__)] + sys.argv[1:])
    from llama_cpp import Llama

    gguf = args.gguf
    if gguf is None:
        gguf = os.path.join(tempfile.mkdtemp(prefix="minilm-check-"), "minilm-f16.gguf")
        export_gguf(gguf)
    fixture = json.load(open(FIXTURE))
    llm = Llama(model_path=gguf, embedding=True, n_ctx=256, n_batch=256, n_ubatch=256, n_threads=2, verbose=False)
    items = fixture["items"]

    # 1. llama.cpp's own WordPiece tokenizer on the vocabulary we wrote. Its WPM pre-tokenizer
    #    drops every combining mark (Hugging Face drops only Mn), so Devanagari vowel signs and
    #    decomposed Hangul differ: reported, not failed.
    own = {}
    for item in items:
        ids = llm.tokenize(item["text"].encode("utf-8"), add_bos=True, special=True)
        if len(ids) > 256:
            ids = ids[:255] + [ids[-1]]
        own[item["text"]] = ids
    differing = [item for item in items if own[item["text"]] != item["token_ids"]]
    for item in differing:
        print(f"llama.cpp's tokenizer differs from the reference for {item['text']!r}")
    print(f"llama.cpp tokenizer: {len(items) - len(differing)}/{len(items)} inputs tokenized as the reference")

    # 2. The model: llama.cpp embeds the reference token ids with our converted weights.
    reference_ids = {item["text"].encode("utf-8"): item["token_ids"] for item in items}
    llm.tokenize = lambda text, add_bos=True, special=False: reference_ids[text]
    worst, failures = 1.0, 0
    for item in items:
        c = cosine(llm.embed(item["text"], normalize=True), item["embedding"])
        worst = min(worst, c)
        if c < 0.999:
            print(f"cosine {c:.6f} for {item['text']!r}")
            failures += 1
    print(f"llama.cpp on our GGUF (reference token ids): worst cosine to the reference {worst:.6f} over {len(items)} inputs")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
