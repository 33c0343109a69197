# The two commands of README.md: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app mentoring
PYTHON ?= python3

.PHONY: run test lint bench check-system

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
	  { echo "Could not create $(VENV). On Debian: sudo apt-get install python3-venv"; exit 1; }

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip setuptools
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip setuptools
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

check-system: $(VENV)/.installed
	@$(PY) -m mentoring.syscheck

run: $(VENV)/.installed check-system
	$(FLASK) db upgrade
	$(FLASK) demo seed --if-empty
	@echo "\nOpen http://127.0.0.1:5000 and sign in with one of the accounts above.\n"
	$(FLASK) run --host 127.0.0.1 --port 5000

test: $(VENV)/.installed-test check-system
	$(VENV)/bin/pytest

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The benchmark of issue 7: small and state data sets on SQLite, gunicorn with 2 workers.
bench: $(VENV)/.installed-test check-system
	$(PY) -m benchmarks.run
