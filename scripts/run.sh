#!/usr/bin/env bash
# The embedded run: SQLite, a filesystem broker, mail on the console; a Celery
# worker with beat beside the web server, all stopped together on Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-true}"
port="${PORT:-8000}"
py=.venv/bin/python

$py manage.py migrate --noinput
$py manage.py load_demo
mkdir -p var/broker/out var/broker/processed

.venv/bin/celery -A compact_portal worker --beat --loglevel=INFO --concurrency=1 \
  --schedule=var/celerybeat-schedule >var/celery.log 2>&1 &
celery_pid=$!
trap 'kill $celery_pid 2>/dev/null || true' EXIT INT TERM

echo
echo "Compact Portal is running on http://127.0.0.1:${port}/  (Ctrl+C stops it)"
echo "Celery worker and beat are running beside it; their log is var/celery.log."
echo
$py manage.py runserver "127.0.0.1:${port}"
