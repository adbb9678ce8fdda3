# Hamgami: two commands for a newcomer, `make run` and `make test` (see README.md).
#
# Finds a Python >= 3.12 by itself (Django 6.1 needs it), keeps its own virtualenv in .venv and
# reinstalls only when pyproject.toml changes.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PORT ?= 8000
DEBUG ?= 1
PYTEST_ARGS ?=
PYENV_ROOT ?= $(HOME)/.pyenv
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
STAMP_DEV := $(VENV)/.installed-dev

export DEBUG PORT

# Prints the first interpreter that is Python >= 3.12 (asked of the interpreter itself), or fails.
define FIND_PYTHON
for candidate in python3.13 python3.12 python3 \
    $$(ls -d $(PYENV_ROOT)/versions/3.1[2-9]*/bin/python 2>/dev/null | sort -rV); do \
  path=$$(command -v "$$candidate" 2>/dev/null) || continue; \
  if "$$path" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
    echo "$$path"; exit 0; \
  fi; \
done; exit 1
endef
export FIND_PYTHON

.PHONY: help run test lint install install-dev messages migrate seed serve python clean

help:
	@echo "make run      install, migrate, load demo data and serve on http://127.0.0.1:$(PORT), with the task worker"
	@echo "make test     install with dev extras and run the whole test suite (PYTEST_ARGS=... passes through)"
	@echo "make install  create .venv and install the dependencies from pyproject.toml"

# The virtualenv, made with a suitable Python; remade when an old one is too old.
$(PY):
	@if [ -x "$(PY)" ] && ! "$(PY)" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then \
	  echo "Removing $(VENV): it was made with a Python older than 3.12."; rm -rf "$(VENV)"; \
	fi
	@if [ ! -x "$(PY)" ]; then \
	  base=$$(bash -c "$$FIND_PYTHON") || { \
	    echo ""; \
	    echo "Hamgami needs Python 3.12 or newer, and none was found"; \
	    echo "(looked for python3.13, python3.12 and python3 on PATH, and in $(PYENV_ROOT)/versions/)."; \
	    echo "Install one, for example:"; \
	    echo "  Debian/Ubuntu:  sudo apt-get install python3.12 python3.12-venv   (or python3.13)"; \
	    echo "  macOS:          brew install python@3.13"; \
	    echo "  pyenv:          pyenv install 3.13"; \
	    echo "then run make again."; \
	    exit 1; }; \
	  echo "Creating $(VENV) with $$base ($$("$$base" --version))"; \
	  "$$base" -m venv "$(VENV)"; \
	  "$(PY)" -m pip install --quiet --upgrade pip; \
	fi

python: $(PY)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(STAMP_DEV): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@ $(STAMP)

install: $(STAMP)

install-dev: $(STAMP_DEV)

# Translations: compiled when gettext's msgfmt is there; the site still runs (in fallback text) without.
messages: $(STAMP)
	@if command -v msgfmt >/dev/null 2>&1; then \
	  $(PY) manage.py compilemessages --ignore=.venv --ignore='.*' >/dev/null && echo "Compiled translations."; \
	else \
	  echo "msgfmt not found (apt-get install gettext): translations not compiled."; \
	fi

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# On the demo, 123456 works as the two-factor code of the demo accounts that have it (rana, mona, admin).
DEMO_TOTP_CODE ?= 123456

# The web server (daphne) and, beside it, the worker that sends the emails and runs the periodic work
# (threads/following/tasks.py; the queue is kept in the database). Ctrl-C stops both: the worker stops on
# SIGINT or SIGTERM, and the shell's exit trap sends it SIGTERM however daphne ended.
serve: $(STAMP)
	@echo "Hamgami at http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	@export DEMO_TOTP_CODE=$(DEMO_TOTP_CODE) TASKS_BACKEND=database; \
	$(PY) manage.py worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(PY) -m daphne -b 127.0.0.1 -p $(PORT) forum.asgi:application

run: install messages seed
	@$(MAKE) --no-print-directory serve

# The structure's rules (docs/architecture.md): ruff, then the one-way layer contract.
lint: install-dev
	$(VENV)/bin/ruff check forum accounts threads
	$(VENV)/bin/lint-imports --no-cache

test: install-dev messages lint
	$(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
