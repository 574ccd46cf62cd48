#!/usr/bin/env bash
# Structured outputs: decode speed with a JSON schema (and with `format: "json"`) vs free decode,
# same prompt, same model, same run (ServerTests.StructuredBenchmark: best of 3 interleaved rounds
# at temperature 0.9, seed 7), on SmolLM2 and Gemma 3. The issue's target: less than 20% drop.
# Usage: scripts/bench-structured.sh [BIN MODELS_DIR]   (arguments unused: the benchmark runs in-process)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$(STRUCTURED_BENCH=1 STRUCTURED_BENCH_TOKENS="${STRUCTURED_BENCH_TOKENS:-96}" \
    swift test -c release --filter ServerTests.StructuredBenchmark 2>&1 | grep -E "^\[structured-bench\]")" || {
        echo "bench-structured: the benchmark failed" >&2; exit 1; }
echo "$out" | sed 's/^\[structured-bench\] //'
# Drop of each constrained variant against the free decode of the same model.
echo "$out" | awk '{ model=$2; variant=$3; sub(":", "", variant); rate[model, variant]=$6; models[model]=1 }
    END { for (m in models) { n=split("json schema", vs, " ");
              for (i=1; i<=n; i++) if (rate[m, "none"] > 0 && (m, vs[i]) in rate)
                  printf "%s %s: %.1f%% slower than free decode\n", m, vs[i], 100 * (1 - rate[m, vs[i]] / rate[m, "none"]) } }'
