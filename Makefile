# Careledger. Every target sets up .venv on first use; nothing else is needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PYVERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
STAMP := $(VENV)/.installed-$(PYVERSION)

.PHONY: run test check lint typecheck demo obligations bench clean

# A .venv made by another Python (or one since removed) is made anew.
$(STAMP): pyproject.toml
	@if [ "$$($(BIN)/python -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null)" \
	      != "$(PYVERSION)" ]; then \
		echo "making $(VENV) with $(PYTHON) $(PYVERSION)"; rm -rf $(VENV); $(PYTHON) -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)  ## serve the API on http://127.0.0.1:8000 (SQLite and development keys under ./var/)
	$(BIN)/careledger serve --development

test: $(STAMP)  ## the whole suite: unit, integration, end-to-end
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test  ## ruff + mypy strict + tests

demo: $(STAMP)  ## load the worked examples and a caseload in progress into the store
	$(BIN)/careledger demo

bench: $(STAMP)  ## measure: HTTP decisions/s beside the raw library, on SQLite and PostgreSQL
	$(BIN)/python -m tests.bench

obligations: $(STAMP)  ## which obligation IDs have a test
	$(BIN)/python -m tests.obligation_coverage

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
