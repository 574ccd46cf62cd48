#!/usr/bin/env bash
# Conformance: the official `ollama` (0.6.x) and `openai` Python clients drive a live `ollama serve`
# on the real SmolLM2 and all-MiniLM-L6-v2 models, and push/pull against a local Debian `docker-registry`
# (skipped with a SKIP line when it is not installed). Usage: scripts/conformance.sh [BIN] [MODELS_DIR]
# The venv is cached next to the models (MODELS_DIR/../conformance-venv) and reused while it imports
# both clients; `make test` runs this after the Swift tests with the binary it just built.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-.build/release/ollama}"
MODELS="${2:-$HOME/.cache/ollama-swift/models}"
VENV="${CONFORMANCE_VENV:-$(dirname "$MODELS")/conformance-venv}"
GGUF="$MODELS/SmolLM2-135M-Instruct.Q4_1.gguf"
MINILM="$MODELS/all-MiniLM-L6-v2"

[ -x "$BIN" ] || { echo "conformance: $BIN not built (make build)" >&2; exit 1; }
[ -f "$GGUF" ] || { echo "conformance: $GGUF missing (make models)" >&2; exit 1; }
[ -f "$MINILM/model.safetensors" ] || { echo "conformance: $MINILM missing (make models)" >&2; exit 1; }
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import ollama, openai' 2>/dev/null; then
    echo "conformance: creating $VENV (ollama 0.6.x and openai from PyPI)"
    rm -rf "$VENV"
    python3 -m venv "$VENV" && "$VENV/bin/pip" install -q 'ollama>=0.6,<0.7' 'openai>=1' || {
        echo "conformance: FAILED to create the venv (python3-venv and PyPI access needed)" >&2; rm -rf "$VENV"; exit 1; }
fi

free_port() { "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
TMP=$(mktemp -d)
SERVER_PID=""
REGISTRY_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    if [ -n "$REGISTRY_PID" ]; then kill "$REGISTRY_PID" 2>/dev/null || true; wait "$REGISTRY_PID" 2>/dev/null || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT

OLLAMA_MODELS="$TMP/models" OLLAMA_HOST="127.0.0.1:$PORT" "$BIN" serve >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
# Wait (up to 60 s on a loaded machine) until the server answers.
ready=""
for _ in $(seq 1 600); do
    if curl -sf "http://127.0.0.1:$PORT/" >/dev/null 2>&1; then ready=1; break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "conformance: FAILED, the server exited" >&2; cat "$TMP/server.log" >&2; exit 1; }
    sleep 0.1
done
[ -n "$ready" ] || { echo "conformance: FAILED, the server did not answer within 60 s" >&2; exit 1; }

# A local Debian `docker-registry` (plain HTTP, temp storage) for push/pull with insecure=True.
REGISTRY=""
if command -v docker-registry >/dev/null 2>&1; then
    RPORT=$(free_port)
    mkdir -p "$TMP/registry"
    printf 'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: %s\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:%s\n' \
        "$TMP/registry" "$RPORT" >"$TMP/registry.yml"
    docker-registry serve "$TMP/registry.yml" >"$TMP/registry.log" 2>&1 &
    REGISTRY_PID=$!
    for _ in $(seq 1 300); do
        if curl -sf "http://127.0.0.1:$RPORT/v2/" >/dev/null 2>&1; then REGISTRY="127.0.0.1:$RPORT"; break; fi
        kill -0 "$REGISTRY_PID" 2>/dev/null || break
        sleep 0.1
    done
    [ -n "$REGISTRY" ] || { echo "conformance: FAILED, docker-registry did not start" >&2; cat "$TMP/registry.log" >&2; exit 1; }
fi

status=0
"$VENV/bin/python" scripts/conformance.py --host "http://127.0.0.1:$PORT" --gguf "$GGUF" --workdir "$TMP" \
    --bin "$BIN" --minilm "$MINILM" --registry "$REGISTRY" || status=$?
if [ "$status" -ne 0 ]; then
    echo "--- server log (tail) ---" >&2; tail -n 30 "$TMP/server.log" >&2
    echo "conformance: FAILED (see FAIL lines above)"
else
    echo "conformance: OK"
fi
exit "$status"
