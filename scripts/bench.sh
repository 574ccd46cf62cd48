#!/usr/bin/env bash
# `make bench`: figures for our binary next to the reference tools, measured in the same run.
#
#   scripts/bench.sh BIN MODELS
#
# For each test model, our engine (`BIN __bench`, no HTTP layer) and llama.cpp (llama-cpp-python in
# the cached reference venv, scripts/llamacpp_bench.py) run ALTERNATING, BENCH_RUNS times each
# (default 3), 2 threads, n_ctx 4096: a 512-token prompt of the reference text as one batch, then
# 128 greedy tokens, plus load and first token of "hi". The report (scripts/bench_report.py) prints
# medians, the ratios ours/llama.cpp, peak RSS against GGUF + KV + 64 MiB and the roofline against
# a measured memory bandwidth (`BIN __membw`).
#
# Environment: BENCH_RUNS (3), BENCH_THREADS (2), BENCH_CTX (4096), BENCH_TIMEOUT (900 s per run), BENCH_NO_REFERENCE=1 (ours only,
# no venv build), BENCH_MODELS (space-separated GGUF file names inside MODELS).
set -euo pipefail
bin="$1"; models="$2"
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${BENCH_RUNS:-3}"
threads="${BENCH_THREADS:-2}"
ctx="${BENCH_CTX:-4096}"
limit="${BENCH_TIMEOUT:-900}"  # seconds per run of one engine on one model
text="$root/Tests/EngineTests/Fixtures/reference-text.txt"
ggufs=(${BENCH_MODELS:-SmolLM2-135M-Instruct.Q4_1.gguf gemma-3-270m-q4_k_m.gguf})
out="$(mktemp -d "${TMPDIR:-/tmp}/ollama-bench.XXXXXX")"
trap 'rm -rf "$out"' EXIT

[[ -x "$bin" ]] || { echo "bench: $bin is missing; run \`make build\`" >&2; exit 1; }

# --- the reference: llama.cpp through llama-cpp-python in a cached venv (never a product dependency)
python=""
reference_note=""
if [[ "${BENCH_NO_REFERENCE:-0}" == 1 ]]; then
    reference_note="BENCH_NO_REFERENCE=1: llama.cpp not measured"
elif [[ -x "$HOME/.cache/ollama-swift/venv/bin/python" ]] && python="$("$root/scripts/reference-venv.sh" 2>/dev/null)"; then
    :
else
    echo "bench: the llama.cpp reference venv is missing; building it now (llama-cpp-python from source, several minutes)"
    if ! python="$("$root/scripts/reference-venv.sh")"; then
        python=""
        reference_note="the reference venv could not be built (see scripts/reference-venv.sh): llama.cpp not measured"
    fi
fi

echo "bench: $runs alternating runs per engine, $threads threads, n_ctx $ctx; results in the report below"
cat /proc/loadavg > "$out/loadavg.before" 2>/dev/null || true
# --- memory bandwidth (for the roofline)
"$bin" __membw --mib 1024 --passes 5 --threads "$threads" > "$out/membw.json" || echo '{}' > "$out/membw.json"

# --- our engine and llama.cpp, alternating
for gguf in "${ggufs[@]}"; do
    path="$models/$gguf"
    if [[ ! -f "$path" ]]; then echo "bench: $path is missing (scripts/fetch-models.sh)" >&2; continue; fi
    for run in $(seq 1 "$runs"); do
        echo "bench: $gguf run $run/$runs: ours" >&2
        timeout "$limit" "$bin" __bench --model "$path" --text "$text" --prompt-tokens 512 --gen 128 \
            --threads "$threads" --ctx "$ctx" > "$out/$gguf.ours.$run.json" \
            || echo "bench: our engine failed or ran past ${limit}s on $gguf" >&2
        if [[ -n "$python" ]]; then
            echo "bench: $gguf run $run/$runs: llama.cpp" >&2
            timeout "$limit" "$python" "$root/scripts/llamacpp_bench.py" --model "$path" --text "$text" --prompt-tokens 512 \
                --gen 128 --threads "$threads" --ctx "$ctx" > "$out/$gguf.llamacpp.$run.json" \
                || echo "bench: llama.cpp failed or ran past ${limit}s on $gguf" >&2
        fi
    done
done

cat /proc/loadavg > "$out/loadavg.after" 2>/dev/null || true
python3 "$root/scripts/bench_report.py" "$out" --note "$reference_note"

# --- sections other parts of the project plug in: each runs when its script exists,
#     with the same arguments (BIN MODELS) and the reference python (or empty) in BENCH_PYTHON.
export BENCH_PYTHON="$python" BENCH_THREADS="$threads"
for section in \
    "bench-foundation.sh:Server foundation (ollama run 'hi' to first token, load/unload, HTTP overhead)" \
    "bench-registry.sh:Registry (pull/push/create throughput, digests)" \
    "bench-embed.sh:Embeddings (MiniLM, batch of 256 texts, ours vs llama.cpp)" \
    "bench-structured.sh:Structured outputs (JSON-schema constrained decode vs free decode)"; do
    script="${section%%:*}"; title="${section#*:}"
    echo
    echo "== $title"
    if [[ -f "$root/scripts/$script" ]]; then
        bash "$root/scripts/$script" "$bin" "$models" || echo "bench: scripts/$script failed" >&2
    else
        echo "(scripts/$script not present yet)"
    fi
done
