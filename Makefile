# anpo — the two commands that matter: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Django 6 needs Python 3.12+; find one (PATH first, then pyenv's versions).
PYTHON ?= $(shell for p in python3.12 python3.13 $(HOME)/.pyenv/versions/3.12*/bin/python3.12 $(HOME)/.pyenv/versions/3.13*/bin/python3.13 python3; do \
  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then command -v $$p; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
ANPO := $(BIN)/anpo
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test lint venv browser-deps messages lock bench clean

help:
	@echo "make run    start anpo on http://$(HOST):$(PORT) with the worker and demo data (SQLite under var/)"
	@echo "make test   lint + the whole test suite (unit, integration, browser)"
	@echo "make bench  screening benchmark (see benchmarks/README.md)"

$(STAMP): requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is required (Django 6)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

venv: $(STAMP)

# The demo is served like production: gunicorn + a supervised worker (anpo serve), DEBUG off
# (no debug pages), demo accounts on, plain HTTP on this machine only. DEBUG=true make run keeps
# Django's debug pages for development.
run: export DEBUG ?= false
run: export ANPO_DEMO ?= true
run: venv
	@mkdir -p var
	$(ANPO) migrate --noinput
	$(ANPO) demo load
	$(ANPO) collectstatic --noinput --verbosity 0
	@echo ""
	@echo "anpo is starting on http://$(HOST):$(PORT)/  (Ctrl+C stops the web app and the worker)"
	exec $(ANPO) serve --bind $(HOST):$(PORT)

# Debian's chromium (never a downloaded browser) and a Japanese font for screenshots.
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
	      || echo "chromium could not be installed: browser tests will be skipped"; \
	  else echo "No /usr/bin/chromium: browser tests will be skipped (apt-get install chromium)"; fi; \
	fi

lint: venv
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: venv browser-deps lint
	$(BIN)/pytest -n 2 --dist loadfile

messages: venv
	cd src/anpo && ../../$(ANPO) makemessages -l ja --no-obsolete --no-location --ignore "*/content/*" && ../../$(ANPO) compilemessages -l ja

lock: venv
	$(BIN)/uv pip compile pyproject.toml --extra dev -o requirements.lock --python-version 3.12 -q

bench: venv
	$(BIN)/python benchmarks/screening_bench.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
