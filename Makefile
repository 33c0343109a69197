# The two commands of README.md: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app mentoring
PYTHON ?= python3
SHELL  := /bin/bash
.SHELLFLAGS := -o pipefail -c
# pip, quiet. This machine's pip configuration names extra package folders that do not exist,
# and pip warns about each one for every package it looks up: that one message is left out.
PIP    := $(PY) -m pip install --quiet
QUIET  := 2>&1 | { grep -v "^WARNING: Location 'file:.*' is ignored" || true; }

.PHONY: run test lint bench system-app system-test

# Debian packages (mentoring/syscheck.py holds the one list): installed when missing, with
# apt-get as root or through `sudo -n`; otherwise make stops with the command to run.
system-app:
	@$(PYTHON) mentoring/syscheck.py app

system-test:
	@$(PYTHON) mentoring/syscheck.py test

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
	  { echo "Could not create $(VENV). On Debian: sudo apt-get install python3-venv"; exit 1; }

$(VENV)/.installed: pyproject.toml | $(PY)
	@echo "Installing Mentoring and its Python packages into $(VENV)"
	@$(PIP) --upgrade pip setuptools $(QUIET)
	@$(PIP) -e . $(QUIET)
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	@echo "Installing Mentoring, its Python packages and the test tools into $(VENV)"
	@$(PIP) --upgrade pip setuptools $(QUIET)
	@$(PIP) -e '.[test]' $(QUIET)
	@touch $@ $(VENV)/.installed

run: system-app $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) demo seed --if-empty
	@printf "\nOpen http://127.0.0.1:5000 and sign in with one of the accounts above.\n\n"
	$(FLASK) run --host 127.0.0.1 --port 5000

test: system-test $(VENV)/.installed-test
	$(VENV)/bin/pytest

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m tests.layers
	$(PY) -m tests.sizes

# The benchmark of issue 7: small and state data sets on SQLite, gunicorn with 2 workers.
bench: system-test $(VENV)/.installed-test
	$(PY) -m benchmarks.run
