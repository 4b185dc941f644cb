#!/usr/bin/env bash
# Writes .env for a checkout run on this machine, the first time only: DEBUG=true and a
# SECRET_KEY of its own, so that manage.py commands typed by hand (the README's) run with
# the same settings as `make run`. An existing .env is left alone. Production never uses
# this: it sets its own SECRET_KEY, and without one the portal refuses to start.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -e .env ] && exit 0
umask 077
# Hexadecimal, so that no character means anything to the .env reader.
secret_key=$(head -c 48 /dev/urandom | od -An -tx1 | tr -d ' \n')
cat >.env <<ENV
# Written by make run (scripts/run.sh) for this checkout; never used in production.
DEBUG=true
SECRET_KEY=${secret_key}
ENV
echo "Wrote .env (DEBUG=true and a secret key of its own) for manage.py commands."
