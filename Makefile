# Two commands for a newcomer: `make run` and `make test`. Each does its own set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench clean install install-test js system-packages demo-reset crosscheck crosscheck-env scot-elex

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip || true

# A dropped connection to the package index should not fail a run: try three times.
RETRY := sh scripts/retry.sh 3

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	sh scripts/ensure-libsodium.sh
	$(RETRY) $(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	sh scripts/ensure-libsodium.sh
	$(RETRY) $(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# The browser's cryptography (@noble/curves, @noble/hashes) from package-lock.json, copied with
# subresource-integrity hashes into static/vendor/ (generated, git-ignored), which the pages serve.
# Needs node and npm (the registry) once; later runs do nothing until the lockfile changes.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "make js needs node (v20.19 or later) and npm: apt-get install nodejs npm" >&2; exit 1; }
	$(RETRY) npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/manifest.json: node_modules/.installed scripts/vendor-js.mjs
	node scripts/vendor-js.mjs

js: static/vendor/manifest.json

install: $(VENV)/.installed js
install-test: $(VENV)/.installed-test js

run: install
	GOVERNANCE_ENV=$${GOVERNANCE_ENV:-development} $(BIN)/governance demo
	@echo "Serving on http://$(HOST):$(PORT)  (Ctrl-C to stop)"
	GOVERNANCE_ENV=$${GOVERNANCE_ENV:-development} HOST=$(HOST) PORT=$(PORT) $(BIN)/governance serve

# Debian/Ubuntu: make, python3-venv and the libraries WeasyPrint needs (as root, or via sudo).
system-packages:
	sh scripts/install-system-packages.sh

# Start the demo over (stop `make run` first): a fresh database, the open vote unused again.
demo-reset: install
	GOVERNANCE_ENV=$${GOVERNANCE_ENV:-development} $(BIN)/governance demo --reset

test: install-test
	sh scripts/ensure-chromium.sh
	sh scripts/ensure-libsodium.sh
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest --durations=15

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/ruff format --check governance tests

# The verifiable-ballot scenario times ours beside Debian's belenios-tool (installed here when
# missing and this is a root shell; without it ours runs alone and says so).
# The elections scenario counts beside votekit when `make crosscheck-env` and `make scot-elex`
# have been run (both need the network); without them it counts ours alone and says so.
bench: install-test
	sh scripts/ensure-chromium.sh
	sh scripts/ensure-belenios.sh
	$(BIN)/python -m benchmarks.run

# The cross-check of our STV count against votekit on 1,078 scot-elex wards
# (docs/STV_CROSSCHECK.md). Needs GitHub (the data) and PyPI (votekit): never part of `make test`.
XVENV := .venv-crosscheck
SCOT_ELEX ?= .scot-elex

$(XVENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(XVENV)
	$(XVENV)/bin/python -m pip install --quiet --upgrade pip || true
	$(RETRY) $(XVENV)/bin/pip install --quiet -e '.[crosscheck]'
	touch $@

crosscheck-env: $(XVENV)/.installed

scot-elex:
	sh scripts/fetch-scot-elex.sh $(SCOT_ELEX)

crosscheck: crosscheck-env scot-elex
	GOVERNANCE_SCOT_ELEX=$${GOVERNANCE_SCOT_ELEX:-$(SCOT_ELEX)/blt_files} \
		$(XVENV)/bin/python -m benchmarks.stv_crosscheck

clean:
	rm -rf $(VENV) $(XVENV) .pytest_cache .ruff_cache node_modules static/vendor
