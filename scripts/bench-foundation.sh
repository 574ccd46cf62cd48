#!/usr/bin/env bash
# Foundation figures, measured in the same run:
#  (a) our SHA-256 (`ollama __sha256`) vs `sha256sum` on the SmolLM2 GGUF, median of 3 each;
#  (b) `GET /api/version` requests/s with keep-alive under `wrk -t2 -c64 -d10s` against `ollama serve`.
# Usage: scripts/bench-foundation.sh BIN MODELS_DIR
set -euo pipefail
bin="$1"; models="$2"
model="$models/SmolLM2-135M-Instruct.Q4_1.gguf"
[ -f "$model" ] || { echo "missing $model: run scripts/fetch-models.sh" >&2; exit 1; }

# Seconds taken by a command (wall clock), output discarded.
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }

cat "$model" >/dev/null  # page cache warm for both tools
ours=(); ref=()
for _ in 1 2 3; do
  ours+=("$(seconds "$bin" __sha256 "$model")")
  ref+=("$(seconds sha256sum "$model")")
done
o=$(median3 "${ours[@]}"); r=$(median3 "${ref[@]}")
mb=$(echo "$(stat -c %s "$model") / 1000000" | bc -l)
printf 'sha256 %.0f MB: ours %.3f s (%.0f MB/s), sha256sum %.3f s (%.0f MB/s), ratio ours/sha256sum time %.2f\n' \
  "$mb" "$o" "$(echo "$mb / $o" | bc -l)" "$r" "$(echo "$mb / $r" | bc -l)" "$(echo "$o / $r" | bc -l)"

if ! command -v wrk >/dev/null; then echo "api/version: wrk not installed (apt-get install wrk)"; exit 0; fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
store=$(mktemp -d)
OLLAMA_HOST="127.0.0.1:$port" OLLAMA_MODELS="$store" "$bin" serve 2>/dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$store"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/version" >/dev/null && break; sleep 0.1; done
rps=$(wrk -t2 -c64 -d10s "http://127.0.0.1:$port/api/version" | awk '/Requests\/sec/ {print $2}')
echo "GET /api/version keep-alive (wrk -t2 -c64 -d10s): $rps requests/s"
