# make site | make test | make serve | make check — each creates .venv and installs on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONHASHSEED := 0

.PHONY: site test serve check schemas demo chromium bench bench-ci clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -qq --disable-pip-version-check -e '.[test]'
	@touch $@

site: $(STAMP)
	$(BIN)/parportal build

serve: $(STAMP)
	$(BIN)/parportal serve

check: $(STAMP)
	$(BIN)/parportal check

schemas: $(STAMP)
	$(BIN)/parportal schemas

demo: $(STAMP)
	$(BIN)/python -m generator.demo

# Debian's Chromium for the browser tests (Playwright may not download its own).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) chromium
	$(BIN)/python -m pytest

# Benchmarks print figures; they never time tests. 3,500 units: benchmarks/README.md.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --sizes 50,500

# CI guard: generator stages ÷ plain MkDocs of the same pages, against benchmarks/baseline.json.
bench-ci: $(STAMP)
	$(BIN)/python benchmarks/ci_check.py

clean:
	rm -rf build site .pytest_cache .hypothesis
