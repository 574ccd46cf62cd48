#!/usr/bin/env bash
# Embedding throughput through the HTTP API: `ollama serve` on a temporary store, all-MiniLM-L6-v2
# created from its safetensors folder (F16, and -q q8_0), then POST /api/embed with the same 256
# short texts as scripts/bench-embed.sh (one request per round, 3 rounds after a warm-up).
# Usage: scripts/bench-embed-api.sh [binary] [models-dir]   (by hand; not part of `make test`)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/.build/release/ollama}"
models="${2:-${OLLAMA_TEST_MODELS:-$HOME/.cache/ollama-swift/models}}"
work="$(mktemp -d)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export OLLAMA_HOST="127.0.0.1:$port" OLLAMA_MODELS="$work/models" HOME="$work"
"$bin" serve >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://$OLLAMA_HOST/" >/dev/null && break; sleep 0.1; done
printf 'FROM %s\n' "$models/all-MiniLM-L6-v2" >"$work/Modelfile"
"$bin" create minilm -f "$work/Modelfile" >/dev/null 2>&1
"$bin" create minilm-q8 -f "$work/Modelfile" -q q8_0 >/dev/null 2>&1
python3 - "$OLLAMA_HOST" <<'PY'
import json, sys, time, urllib.request
host = sys.argv[1]
subjects = ["The cat", "A developer", "The weather", "Our server", "This model", "My friend", "The train", "A llama"]
verbs = ["likes", "needs", "builds", "watches", "finds", "describes", "answers", "moves"]
objects = ["the red ball.", "a quiet room today.", "fast embeddings for search.", "the long river at night.",
           "an old book about Swift.", "sunny weather outside!", "the stadium after the game.", "small vectors."]
texts = [f"{subjects[i % 8]} {verbs[(i // 8) % 8]} {objects[(i // 64 + i) % 8]}" for i in range(256)]
def embed(model, inputs):
    body = json.dumps({"model": model, "input": inputs}).encode()
    req = urllib.request.Request(f"http://{host}/api/embed", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)
for model in ["minilm", "minilm-q8"]:
    embed(model, texts[:16])
    rounds = 3
    start = time.time()
    for _ in range(rounds):
        out = embed(model, texts)
    rate = rounds * len(texts) / (time.time() - start)
    print(f"/api/embed {model}: {rate:.1f} sentences/s ({len(out['embeddings'])} texts per request, {out['prompt_eval_count']} tokens)")
PY
