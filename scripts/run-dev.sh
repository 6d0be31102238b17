#!/usr/bin/env bash
# Starts the web server (gunicorn, sync workers) and the task worker, prints where to go,
# and stops both on Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
# Emailed links are written by the worker, which has no request to learn the address
# from: both processes get this server's own address unless SITE_URL is set.
SITE_URL="${SITE_URL:-http://127.0.0.1:${PORT}}"
export PORT SITE_URL
PY=.venv/bin/python

.venv/bin/gunicorn resiliencehub.config.wsgi:application \
  --bind "127.0.0.1:${PORT}" --workers "${WEB_WORKERS:-3}" --access-logfile - --log-level warning &
web=$!
# Follow-up and appointment emails: the worker sends what is due every few minutes.
$PY manage.py send_due_contacts --schedule >/dev/null
$PY manage.py db_worker --interval 1 --no-startup-delay &
worker=$!
trap 'kill $web $worker 2>/dev/null; wait' INT TERM EXIT

sleep 2
cat <<MSG

  Resilience Hub is running at http://127.0.0.1:${PORT}/
  Public hub pages:  http://127.0.0.1:${PORT}/h/site-a/  (site-b, site-c, site-d)
  Staff sign-in:     http://127.0.0.1:${PORT}/accounts/sign-in/
  Emails (var/mail/) link to ${SITE_URL}/

MSG
$PY manage.py load_demo --list-only
echo
echo "  Press Ctrl+C to stop the server and the worker."
wait
