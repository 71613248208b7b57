# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check format bench bench-quick clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tracker

test: $(STAMP)
	$(BIN)/python -m pytest -q

check: $(STAMP)
	$(BIN)/ruff check tracker tests
	$(BIN)/ruff format --check tracker tests
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format tracker tests
	$(BIN)/ruff check --fix tracker tests

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
