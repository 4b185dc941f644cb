#!/usr/bin/env bash
# supervise.sh LOG COMMAND...: run COMMAND, appending its output to LOG, and start it
# again two seconds after it exits, whatever the reason (a crash, a broker it gave up
# on), until this script is stopped (TERM or INT stops the command too).
# `make run` keeps its Celery worker under it; compose does the same with `restart:`.
set -uo pipefail
log="$1"
shift
child=""
trap 'kill "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' INT TERM
while true; do
  "$@" >>"$log" 2>&1 &
  child=$!
  wait "$child"
  status=$?
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) supervise: $1 exited with status $status; starting it again" >>"$log"
  sleep 2
done
