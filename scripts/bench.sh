#!/usr/bin/env bash
# `make bench`: figures for our binary next to the reference tools, measured in the same run.
set -euo pipefail
bin="$1"; models="$2"
echo "bench: nothing measured yet"
