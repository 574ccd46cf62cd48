#!/usr/bin/env bash
# `make run`: start a server if none answers, import the bundled SmolLM2 model, chat with it.
set -euo pipefail
bin="$1"; models="$2"
"$bin" --version
