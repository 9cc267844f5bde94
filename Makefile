# The two commands in README: `make run` (the console on the demo database) and `make test`.
# `make check` (lint, types, layering) runs in CI before the tests; `make test-fast` skips the slow ones.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast check sample bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/warroom demo

test: $(STAMP)
	$(BIN)/python -m pytest

# The tests not marked slow, on two workers.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not slow" -q

# The core (domain, store, compose, actions and what they use) must be mypy-strict clean; the
# console and the CLI are counted, not failed, until they are typed (mypy exits 2 when it fails
# to run, and that fails here).
CORE := src/warroom/domain src/warroom/store src/warroom/compose src/warroom/actions \
	src/warroom/config.py src/warroom/locations.py src/warroom/private_files.py src/warroom/crash.py \
	src/warroom/export.py

check: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy --follow-imports=silent $(CORE)
	@$(BIN)/mypy > $(VENV)/mypy-ui.txt; status=$$?; \
	if [ $$status -gt 1 ]; then cat $(VENV)/mypy-ui.txt; exit $$status; fi; \
	echo "mypy, the console and the CLI (not strict yet): $$(grep -c ': error:' $(VENV)/mypy-ui.txt) errors" \
		"(the list: $(BIN)/mypy)"
	$(BIN)/lint-imports --no-logo

# Rebuild sample.db from its script (deterministic; a test checks the committed file matches).
sample: $(STAMP)
	$(BIN)/python -m warroom.store.sample sample.db

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py
