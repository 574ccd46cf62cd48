#!/usr/bin/env bash
# Creates (once) the cached llama.cpp reference venv used by `make bench` and the fixture scripts:
# ~/.cache/ollama-swift/venv with llama-cpp-python 0.3.36, built from source for this CPU.
# Never a dependency of the product or of `make test`. Safe to run concurrently (flock).
# Prints the venv's python path on success.
set -euo pipefail
cache="${OLLAMA_SWIFT_CACHE:-$HOME/.cache/ollama-swift}"
venv="$cache/venv"
version="0.3.36"
mkdir -p "$cache"

ready() { [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c "import llama_cpp, sys; sys.exit(0 if llama_cpp.__version__ == '$version' else 1)" 2>/dev/null; }

exec 9>"$cache/venv.lock"
flock 9
if ready; then echo "$venv/bin/python"; exit 0; fi

echo "reference-venv: building llama-cpp-python==$version from source into $venv (several minutes on 2 cores)" >&2
python="${PYTHON:-python3}"
[[ -d "$venv" ]] || "$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --upgrade pip >&2 || true
# llama.cpp's own compiler flags for this machine (AVX2/FMA/F16C); the build uses both cores.
CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=ON}" CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
    "$venv/bin/pip" install --no-cache-dir "llama-cpp-python==$version" >&2
"$venv/bin/pip" install --quiet numpy >&2 || true
ready || { echo "reference-venv: llama_cpp did not import after the install" >&2; exit 1; }
echo "$venv/bin/python"
