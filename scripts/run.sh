#!/usr/bin/env bash
# `make run`: migrate, load the demo, make sure there is a superuser, then run the web server, a
# Celery worker and Celery beat together until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBUG="${DEBUG:-1}"
export PORT="${PORT:-8000}"
PY=.venv/bin/python
mkdir -p var/log

$PY manage.py compilemessages --ignore=.venv -v0  # the .mo files are built from the committed .po files
$PY manage.py migrate --no-input
$PY manage.py seed_demo
$PY manage.py ensure_superuser

pids=()
stop() {
    trap - INT TERM EXIT
    echo "Stopping web server, worker and beat…"
    kill "${pids[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap stop INT TERM EXIT

.venv/bin/celery -A campaign worker -Q celery,mail --loglevel=INFO --concurrency="${CELERY_CONCURRENCY:-2}" &
pids+=($!)
.venv/bin/celery -A campaign beat --loglevel=INFO --schedule=var/celerybeat-schedule &
pids+=($!)
$PY manage.py runserver "127.0.0.1:${PORT}" &
pids+=($!)

echo
echo "Site:  http://127.0.0.1:${PORT}/"
echo "Admin: http://127.0.0.1:${PORT}/admin/"
if [ -z "${EMAIL_HOST:-}" ]; then echo "Mail:  written to var/mail/ (set EMAIL_HOST to send)"; fi
echo "Press Ctrl-C to stop."
# Stop everything as soon as any one of the three exits, so a crash is not hidden.
wait -n
