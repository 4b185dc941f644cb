#!/usr/bin/env bash
# Prints the 29 February of the first leap year at least two years after this one.
set -euo pipefail
year=$(( $(date +%Y) + 2 ))
until date -d "${year}-02-29" >/dev/null 2>&1; do year=$(( year + 1 )); done
echo "${year}-02-29"
