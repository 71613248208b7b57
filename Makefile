# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check format i18n bench bench-quick clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tracker

# The HTML layout test needs headless Chromium, the server store's tests a PostgreSQL
# server: tools/ensure_chromium.sh installs the one, tools/with_postgres.sh starts a
# throw-away cluster for the run (installing PostgreSQL 15 when missing, as root).
test: $(STAMP)
	@bash tools/ensure_chromium.sh
	bash tools/with_postgres.sh $(BIN)/python -m pytest -q

check: $(STAMP)
	$(BIN)/ruff check tracker tests bench tools
	$(BIN)/ruff format --check tracker tests bench tools
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff format tracker tests bench tools
	$(BIN)/ruff check --fix tracker tests bench tools

# The message catalogs (tools/catalog.py): re-extract every message into tracker/locale/
# tracker.pot, merge new ones into each language's .po, compile the .mo the program reads.
i18n: $(STAMP)
	$(BIN)/python -m tools.catalog

# Performance, side by side with Taskwarrior and stock TinyDB (bench/README.md); not part
# of `make test`. bench writes bench/RESULTS.md (< 10 min); bench-quick stops at 10,000
# tasks and writes bench/out/RESULTS-quick.md (< 2 min).
bench: $(STAMP)
	bash tools/with_postgres.sh $(BIN)/python -m bench

bench-quick: $(STAMP)
	bash tools/with_postgres.sh $(BIN)/python -m bench --quick

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache .grimp_cache build dist
