# ollama in Swift. `make run` builds, imports the bundled default model and chats with it;
# `make test` fetches the real test models and runs every test in a release build.
SWIFT      ?= swift
PREFIX     ?= $(HOME)/.local
SHELL      := /bin/bash
MODELS     ?= $(HOME)/.cache/ollama-swift/models
BIN        := .build/release/ollama
export OLLAMA_TEST_MODELS := $(MODELS)

.PHONY: build run test bench install clean models conformance allocs

build:
	$(SWIFT) build -c release --product ollama

models:
	@scripts/fetch-models.sh "$(MODELS)" >/dev/null

run: build models
	@scripts/run-default.sh "$(BIN)" "$(MODELS)"

# The test log is kept in .build/test.log; on failure its failing lines are repeated at the end,
# where a CI summary (which shows only the tail) still sees them. Then the conformance suite
# (scripts/conformance.sh, PyPI clients in a venv cached next to the models) runs on the same binary.
test: models
	$(SWIFT) build -c release
	@set -o pipefail; $(SWIFT) test -c release 2>&1 | tee .build/test.log || { \
	  echo "---- failures (from .build/test.log) ----"; \
	  grep -E "✘|error:|Fatal error|Crash" .build/test.log | head -80; exit 1; }
	@echo "---- conformance: official ollama and openai Python clients against $(BIN) ----"
	@set -o pipefail; scripts/conformance.sh "$(BIN)" "$(MODELS)" 2>&1 | tee .build/conformance.log || { \
	  echo "---- conformance failures (from .build/conformance.log) ----"; \
	  grep -E "^FAIL|passed, |^conformance:" .build/conformance.log | head -40; exit 1; }

bench: build models
	@scripts/bench.sh "$(BIN)" "$(MODELS)"

allocs: build models
	@scripts/alloc-check.sh "$(BIN)" "$(MODELS)"

conformance: build models
	@scripts/conformance.sh "$(BIN)" "$(MODELS)"

install: build
	install -d "$(PREFIX)/bin"
	install -m 0755 "$(BIN)" "$(PREFIX)/bin/ollama"

clean:
	rm -rf .build
