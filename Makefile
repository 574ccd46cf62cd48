# ollama in Swift. `make run` builds, imports the bundled default model and chats with it;
# `make test` fetches the real test models and runs every test in a release build.
SWIFT      ?= swift
PREFIX     ?= $(HOME)/.local
MODELS     ?= $(HOME)/.cache/ollama-swift/models
BIN        := .build/release/ollama
export OLLAMA_TEST_MODELS := $(MODELS)

.PHONY: build run test bench install clean models conformance

build:
	$(SWIFT) build -c release --product ollama

models:
	@scripts/fetch-models.sh "$(MODELS)" >/dev/null

run: build models
	@scripts/run-default.sh "$(BIN)" "$(MODELS)"

test: models
	$(SWIFT) build -c release
	$(SWIFT) test -c release

bench: build models
	@scripts/bench.sh "$(BIN)" "$(MODELS)"

conformance: build models
	@scripts/conformance.sh "$(BIN)" "$(MODELS)"

install: build
	install -d "$(PREFIX)/bin"
	install -m 0755 "$(BIN)" "$(PREFIX)/bin/ollama"

clean:
	rm -rf .build
