#!/usr/bin/env bash
# Prints the environment for the test suite: PostgreSQL when DATABASE_URL says so or a
# server answers on 127.0.0.1:5432, SQLite otherwise (with a warning).
set -euo pipefail
if [ -n "${DATABASE_URL:-}" ]; then
  echo "export DATABASE_URL='$DATABASE_URL'"
elif (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  echo "export DATABASE_URL='postgres://postgres@127.0.0.1:5432/compact_portal'"
else
  echo "No PostgreSQL answers on 127.0.0.1:5432: the tests run on SQLite." >&2
fi
echo "export TEST_REDIS_URL='${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}'"
