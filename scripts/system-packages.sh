#!/usr/bin/env bash
# Installs the Debian packages the portal needs, if any is missing:
# WeasyPrint's Pango, fonts for PDFs, Node.js for the front-end build,
# and (with "test") Chromium for the browser tests, poppler for PDF checks, and the
# PostgreSQL client and a Redis server for the operations tests.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core nodejs npm)
if [ "${1:-}" = "test" ]; then
  packages+=(chromium poppler-utils)
  # pg_dump and psql for the backup and restore test, redis-server for the fault tests;
  # any version on the PATH will do.
  command -v pg_dump >/dev/null 2>&1 || packages+=(postgresql-client)
  command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# Node may come from elsewhere than Debian's package: then npm is there too.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]:-}"
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
