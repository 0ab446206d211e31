# Quick start: `make run` (or `make run PORT=8080`) then `make test`. Everything installs into ./.venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= newsgraph.db
PORT   ?= 8000

.PHONY: install run test lint typecheck check clean

$(BIN)/newsgraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/newsgraph

run: install
	$(BIN)/newsgraph ingest examples --db $(DB)
	$(BIN)/newsgraph articles --db $(DB)
	$(BIN)/newsgraph timeline --db $(DB)
	$(BIN)/newsgraph quotes --db $(DB) --limit 12
	$(BIN)/newsgraph skips --db $(DB)
	$(BIN)/newsgraph serve --db $(DB) --port $(PORT)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

check: lint test

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .mypy_cache .ruff_cache
