#!/usr/bin/env bash
# Registry pull figures, measured in the same run against a local Docker registry
# (Debian's docker-registry, distribution 2.8) on 127.0.0.1:
#   ours:  `ollama pull` of the Gemma 3 model (the 253 MB blob + 3 small ones) through `ollama serve`,
#          which fetches, SHA-256-verifies, fsyncs and publishes the blobs;
#   curl:  `curl -o /dev/null` of the same 253 MB blob URL (transfer only);
#   curl -o FILE: the same blob written to a file in the same store directory (transfer + page-cache
#          writes, what any download that keeps the bytes pays; no fsync, no verification);
#   curl+verify: `curl -o FILE && sha256sum FILE` (what a verified download costs with the usual tools).
# Median of 3 each, interleaved; the ratio is curl's time over ours (1.0 = as fast as curl).
# Usage: scripts/bench-registry.sh BIN MODELS_DIR
set -euo pipefail
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; models="$2"
gguf="$models/gemma-3-270m-q4_k_m.gguf"
[ -f "$gguf" ] || { echo "missing $gguf: run scripts/fetch-models.sh" >&2; exit 1; }
command -v docker-registry >/dev/null || { echo "registry pull: docker-registry not installed (apt-get install docker-registry)"; exit 0; }

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }

rport=$(free_port)
cat > "$work/registry.yml" <<YAML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/registry
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$rport
YAML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$rport/v2/" >/dev/null && break; sleep 0.05; done

start_server() {  # start_server STORE -> sets OLLAMA_HOST
  local port; port=$(free_port)
  export OLLAMA_HOST="127.0.0.1:$port" OLLAMA_MODELS="$1"
  "$bin" serve >"$work/serve.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do "$bin" list >/dev/null 2>&1 && return; sleep 0.1; done
  echo "ollama serve did not start" >&2; exit 1
}

name="127.0.0.1:$rport/library/gemma:latest"
start_server "$work/source"
printf 'FROM %s\n' "$gguf" > "$work/Modelfile"
(cd "$work" && "$bin" create "$name" -f Modelfile >/dev/null 2>&1)
"$bin" push "$name" --insecure >/dev/null
digest=$(sha256sum "$gguf" | cut -c1-64)
url="http://127.0.0.1:$rport/v2/library/gemma/blobs/sha256:$digest"
size=$(stat -c %s "$gguf")

ours=(); curl_t=(); tofile=(); verify=()
for i in 1 2 3; do
  "$bin" rm "$name" >/dev/null 2>&1 || true
  ours+=("$(seconds "$bin" pull "$name" --insecure)")
  [ "$(sha256sum "$OLLAMA_MODELS/blobs/sha256-$digest" | cut -c1-64)" = "$digest" ] || { echo "pulled blob does not verify" >&2; exit 1; }
  curl_t+=("$(seconds curl -sf -o /dev/null "$url")")
  tofile+=("$(seconds curl -sf -o "$OLLAMA_MODELS/curl.bin" "$url")"); rm -f "$OLLAMA_MODELS/curl.bin"
  verify+=("$(seconds sh -c "curl -sf -o '$work/curl.bin' '$url' && sha256sum '$work/curl.bin' && rm '$work/curl.bin'")")
done
o=$(median3 "${ours[@]}"); c=$(median3 "${curl_t[@]}"); f=$(median3 "${tofile[@]}"); v=$(median3 "${verify[@]}")
mb=$(echo "$size / 1000000" | bc -l)
printf 'registry pull %.0f MB: ollama pull %.3f s (%.0f MB/s), curl %.3f s (%.0f MB/s), curl -o FILE %.3f s (%.0f MB/s), curl -o + sha256sum %.3f s (%.0f MB/s); speed vs curl %.2fx, vs curl -o FILE %.2fx, vs curl+verify %.2fx\n' \
  "$mb" "$o" "$(echo "$mb / $o" | bc -l)" "$c" "$(echo "$mb / $c" | bc -l)" "$f" "$(echo "$mb / $f" | bc -l)" \
  "$v" "$(echo "$mb / $v" | bc -l)" "$(echo "$c / $o" | bc -l)" "$(echo "$f / $o" | bc -l)" "$(echo "$v / $o" | bc -l)"
