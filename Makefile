# The two commands in README: `make run` (the console on the demo database) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test sample bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/warroom demo

test: $(STAMP)
	$(BIN)/python -m pytest

# Rebuild sample.db from its script (deterministic; a test checks the committed file matches).
sample: $(STAMP)
	$(BIN)/python -m warroom.store.sample sample.db

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py
