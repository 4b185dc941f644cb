#!/usr/bin/env bash
# The embedded run: SQLite, a filesystem broker, mail on the console; a Celery
# worker with beat beside the web server, all stopped together on Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-true}"
port="${PORT:-8000}"
py=.venv/bin/python

# Commands typed by hand (the README's) read the same settings from .env.
./scripts/local-env.sh
# Links in e-mails and calendar feeds point at the port served, unless SITE_URL is given
# (in the environment or in .env, which the settings read).
if [ -z "${SITE_URL:-}" ] && ! grep -qE '^[[:space:]]*SITE_URL=' .env 2>/dev/null; then
  export SITE_URL="http://127.0.0.1:${port}"
fi

$py manage.py migrate --noinput
$py manage.py load_demo
mkdir -p var/broker/out var/broker/processed var/broker/control

# The worker is supervised (scripts/supervise.sh): if it exits, it starts again two
# seconds later. E-mail waits in the database meanwhile, so nothing is lost.
: >var/celery.log
scripts/supervise.sh var/celery.log .venv/bin/celery -A compact_portal worker --beat \
  --loglevel=INFO --concurrency=1 --schedule=var/celerybeat-schedule &
celery_pid=$!
trap 'kill $celery_pid 2>/dev/null || true' EXIT INT TERM
# The first reminders sweep now rather than at beat's first tick, five minutes on: the
# demo has reminders already due, e-mailed to the console (var/celery.log).
.venv/bin/celery -A compact_portal call reminders.tasks.sweep >/dev/null 2>&1 || true

echo
echo "Compact Portal is running on http://127.0.0.1:${port}/  (Ctrl+C stops it)"
echo "Links in its e-mails point at ${SITE_URL:-the SITE_URL in .env}."
echo "Celery worker and beat are running beside it; their log is var/celery.log."
echo
$py manage.py runserver "127.0.0.1:${port}"
