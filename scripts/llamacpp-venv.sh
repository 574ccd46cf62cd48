#!/usr/bin/env bash
# Creates (once) the cache venv with llama-cpp-python 0.3.36, the reference implementation the
# check and bench scripts compare against. It builds llama.cpp from source: slow the first time.
# Other scripts may create the same venv at the same time: a flock on venv.lock serialises them.
# Prints the venv's python.
set -euo pipefail
cache="${OLLAMA_SWIFT_CACHE:-$HOME/.cache/ollama-swift}"
venv="$cache/venv"
mkdir -p "$cache"
exec 9>"$cache/venv.lock"
flock 9
if ! "$venv/bin/python" -c 'import llama_cpp' 2>/dev/null; then
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet numpy >&2
    CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
        "$venv/bin/pip" install --quiet --no-cache-dir llama-cpp-python==0.3.36 >&2
fi
echo "$venv/bin/python"
