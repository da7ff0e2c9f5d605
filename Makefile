# Two commands for a fresh machine with Python 3.11+: `make demo` and `make test`.
# Each creates the virtual environment on first use, with the versions pinned in requirements.lock (what CI tested),
# and installs again when pyproject.toml or the lock changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
# One resolution for Linux, macOS and Windows (markers such as "sys_platform != 'win32'" say which line is whose).
COMPILE = $(BIN)/uv pip compile pyproject.toml --group test --group lock --group build --universal --python-version 3.11 \
	--custom-compile-command "make lock" --quiet -o $(LOCK)

.PHONY: demo test lint install lock lock-upgrade clean

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c $(LOCK) pip
	$(BIN)/python -m pip install --quiet -c $(LOCK) --group build
	$(BIN)/python -m pip install --quiet -c $(LOCK) --no-build-isolation -e . --group test
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/ai-toolkit demo

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

# On every core (pytest-xdist), a test module's tests together on one worker so its server or browser starts once.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto --dist loadscope

# After changing the dependencies in pyproject.toml: resolve again, keeping every pin that still fits; then install.
# Only uv is installed first (pinned too), so a lock that no longer fits pyproject.toml can still be redone.
lock: $(BIN)/uv
	$(COMPILE)
	$(MAKE) install

# Move every pin to the newest release; run `make test` before committing the new lock.
lock-upgrade: $(BIN)/uv
	$(COMPILE) --upgrade
	$(MAKE) install

$(BIN)/uv:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c $(LOCK) pip
	$(BIN)/python -m pip install --quiet -c $(LOCK) --group lock

clean:
	rm -rf $(VENV)
