# The two commands a newcomer needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test lint format check-migrations clean bench audit messages

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

APPS := campaign people outbox events recommendations petitions registrations motions backing outreach personal_data dashboard press api

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

# Collect the interface strings into locale/<language>/LC_MESSAGES/django.po, to be translated there.
MAKEMESSAGES := --no-obsolete --no-location -e html,txt,py --ignore=.venv --ignore=var --ignore=tests \
	--ignore=bench --ignore=scripts --ignore=staticfiles --ignore='*/migrations/*'
messages: $(VENV)/.installed-dev
	DEBUG=1 $(PY) manage.py makemessages $(MAKEMESSAGES) -a
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv -v0

check-migrations: $(VENV)/.installed-runtime
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache node_modules

bench: $(VENV)/.installed-dev
	$(PY) -m bench
