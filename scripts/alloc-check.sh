#!/usr/bin/env bash
# `make allocs`: heap allocations per decoded token, counted by valgrind's memcheck.
#
#   scripts/alloc-check.sh BIN MODELS
#
# Runs `BIN __bench` (16-token prompt, 2 threads, as decoding does) twice per test
# model, generating 20 and then 60 tokens, and prints (allocations of the long run − allocations of
# the short run) / 40: what one decoded token allocates once the run is warm. The target is 0.
# Needs valgrind (`apt-get install -y valgrind`); slow (a few minutes per model under memcheck).
set -euo pipefail
bin="$1"; models="$2"
root="$(cd "$(dirname "$0")/.." && pwd)"
text="$root/Tests/EngineTests/Fixtures/reference-text.txt"
ggufs=(${BENCH_MODELS:-SmolLM2-135M-Instruct.Q4_1.gguf gemma-3-270m-q4_k_m.gguf})
command -v valgrind >/dev/null || { echo "allocs: valgrind is missing (apt-get install -y valgrind)" >&2; exit 1; }
[[ -x "$bin" ]] || { echo "allocs: $bin is missing; run \`make build\`" >&2; exit 1; }

allocations() {  # model, tokens to generate → the "total heap usage" allocation count
    valgrind --tool=memcheck "$bin" __bench --model "$models/$1" --text "$text" \
        --prompt-tokens 16 --gen "$2" --threads 2 --ctx 512 2>&1 >/dev/null \
        | sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' | tr -d ,
}

status=0
for gguf in "${ggufs[@]}"; do
    short=$(allocations "$gguf" 20); long=$(allocations "$gguf" 60)
    [[ -n "$short" && -n "$long" ]] || { echo "allocs: valgrind gave no count for $gguf" >&2; exit 1; }
    per=$(python3 -c "print(f'{($long - $short) / 40:.2f}')")
    echo "$gguf: $short allocations for 20 tokens, $long for 60: $per per decoded token"
    [[ "$long" -le "$short" ]] || status=1
done
exit $status
