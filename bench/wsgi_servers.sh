#!/usr/bin/env bash
# Compares granian and gunicorn serving the portal's accessibility statement (a
# template page with no database query) with production settings, two workers each,
# loaded by wrk on 127.0.0.1 only. Needs: apt-get install wrk; .venv/bin/pip install
# gunicorn==23.0.0 (not a dependency of the portal). Usage: bench/wsgi_servers.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-15}"
path="/accessibility/"
export DEBUG=false SECRET_KEY=bench-only SECURE_SSL_REDIRECT=false \
  ALLOWED_HOSTS=127.0.0.1 DATABASE_URL="sqlite:///$PWD/var/bench.sqlite3" LOG_LEVEL=WARNING
mkdir -p var
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0

run() {  # name port command...
  local name=$1 port=$2; shift 2
  "$@" >"var/bench-$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$port$path" && break; sleep 0.2; done
  wrk -t2 -c32 -d2s "http://127.0.0.1:$port$path" >/dev/null  # warm up
  echo "== $name"
  wrk -t2 -c32 -d"${seconds}s" --latency "http://127.0.0.1:$port$path" \
    | grep -E "Requests/sec|Latency  |50%|99%|Non-2xx|errors"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

run granian 8201 .venv/bin/granian --interface wsgi --host 127.0.0.1 --port 8201 \
  --workers 2 --blocking-threads 4 --log-level warning compact_portal.wsgi:application
run gunicorn-sync 8202 .venv/bin/gunicorn --bind 127.0.0.1:8202 --workers 2 \
  --log-level warning compact_portal.wsgi:application
run gunicorn-gthread 8203 .venv/bin/gunicorn --bind 127.0.0.1:8203 --workers 2 \
  --threads 4 --log-level warning compact_portal.wsgi:application
