# Quick start: `make run` (or `make run PORT=8080`) then `make test`. Everything installs into ./.venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= newsgraph.db
PORT   ?= 8000

.PHONY: install run test lint typecheck check clean watch-demo

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

# the watch loop against a local feed server over the bundled samples (docs/watch.md)
watch-demo: install
	$(BIN)/python -m newsgraph.watch.demo --db watch-demo.db
	$(BIN)/newsgraph watch --status --db watch-demo.db

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

check: lint test

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .mypy_cache .ruff_cache
	rm -f watch-demo.db watch-demo.db-wal watch-demo.db-shm watch-demo-feeds.txt watch-demo-alerts.yaml
