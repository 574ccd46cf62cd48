#!/usr/bin/env bash
# Embedding throughput, ours vs llama.cpp (llama-cpp-python 0.3.36) on the same GGUF, same run:
# all-MiniLM-L6-v2 converted by our converter (F16), a batch of 256 short texts, 2 threads.
# Usage: scripts/bench-embed.sh   (run by hand or by `make bench`; not part of `make test`)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python="$("$root/scripts/llamacpp-venv.sh")"
"$python" - "$work/texts.txt" <<'PY'
import sys
subjects = ["The cat", "A developer", "The weather", "Our server", "This model", "My friend", "The train", "A llama"]
verbs = ["likes", "needs", "builds", "watches", "finds", "describes", "answers", "moves"]
objects = ["the red ball.", "a quiet room today.", "fast embeddings for search.", "the long river at night.",
           "an old book about Swift.", "sunny weather outside!", "the stadium after the game.", "small vectors."]
with open(sys.argv[1], "w") as f:
    for i in range(256):
        f.write(f"{subjects[i % 8]} {verbs[(i // 8) % 8]} {objects[(i // 64 + i) % 8]}\n")
PY
cd "$root"
EMBED_BENCH=1 EMBED_BENCH_TEXTS="$work/texts.txt" EMBED_EXPORT_GGUF="$work/minilm-f16.gguf" \
    swift test -c release --filter EngineTests.BertEmbeddingBenchmark 2>&1 | grep -E "^ours:" || {
        echo "bench-embed: our benchmark failed" >&2; exit 1; }
"$python" - "$work/minilm-f16.gguf" "$work/texts.txt" <<'PY'
import sys, time
from llama_cpp import Llama
gguf, texts_path = sys.argv[1], sys.argv[2]
texts = open(texts_path).read().splitlines()
llm = Llama(model_path=gguf, embedding=True, n_ctx=512, n_batch=512, n_ubatch=512, n_seq_max=64,
            n_threads=2, n_threads_batch=2, verbose=False)
llm.embed(texts[:16])
rounds = 3
start = time.time()
for _ in range(rounds):
    llm.embed(texts)
rate = rounds * len(texts) / (time.time() - start)
print(f"llama.cpp: {rate:.1f} sentences/s ({len(texts)} texts, 2 threads, same GGUF)")
PY
