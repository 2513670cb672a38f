# The two commands a newcomer needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test lint format check-migrations clean bench audit

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(VENV)/.installed-runtime: requirements.txt | $(VENV)/bin/activate
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/activate
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime

run: $(VENV)/.installed-runtime
	./scripts/run.sh

test: $(VENV)/.installed-dev
	./scripts/test.sh

APPS := campaign people outbox events recommendations petitions outreach

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -r $(APPS) -x '*/migrations/*'

# Known vulnerabilities in the pinned dependencies. --strict fails when a package could not be
# checked, so an unreachable vulnerability database is never reported as "no vulnerabilities".
audit: $(VENV)/.installed-dev
	$(VENV)/bin/pip-audit --strict -r requirements.txt

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-migrations: $(VENV)/.installed-runtime
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache

bench: $(VENV)/.installed-dev
	$(PY) -m bench
