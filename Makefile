# Two entry points, both usable on a fresh machine with Python 3.11+ and the network:
#   make run   creates .venv if missing, installs the console, starts it
#   make test  creates .venv if missing, installs with the test extras, runs the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SOURCES := pyproject.toml $(shell find src content styles -type f 2>/dev/null)

.PHONY: run test install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# A regular (non-editable) install: the tests run against what a user installs, with
# content/ and styles/ taken from inside the package.
$(VENV)/.installed-run: $(BIN)/python $(SOURCES)
	$(BIN)/python -m pip install --quiet .
	@touch $@

$(VENV)/.installed-test: $(BIN)/python $(SOURCES)
	$(BIN)/python -m pip install --quiet ".[test]"
	@touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/harcelement-tui $(ARGS)

test: $(VENV)/.installed-test
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build dist
