#!/usr/bin/env bash
# `make test`: the whole suite against real PostgreSQL and Redis, named by DATABASE_URL and
# REDIS_URL or the local defaults below.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/campaign}"
# Database 15 by default, so a test run never flushes the queues of a development Redis.
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/15}"
export SECRET_KEY="${SECRET_KEY:-only-for-tests-$(date +%s)}"
export DEBUG=0
# Production settings, but over plain HTTP: the test servers and the browser tests do not use TLS.
export SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0

.venv/bin/python scripts/check_services.py
# The browser tools the tests use (axe-core), pinned in package-lock.json.
if [ ! -f node_modules/axe-core/axe.min.js ]; then
    command -v npm >/dev/null || { echo "npm is missing: apt-get install -y npm" >&2; exit 1; }
    npm ci --no-audit --no-fund --loglevel=error
fi
# Every interface string translated, none fuzzy, the .po files up to date; then the .mo files built.
.venv/bin/python scripts/check_translations.py
DEBUG=1 .venv/bin/python manage.py compilemessages --ignore=.venv -v0
DATABASE_URL= DEBUG=1 .venv/bin/python manage.py makemigrations --check --dry-run >/dev/null \
    || { echo "Models have changes without a migration: run manage.py makemigrations." >&2; exit 1; }
exec .venv/bin/pytest "$@"
