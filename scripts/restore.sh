#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a FRESH database and empty media
# folders (docs/operations.md). It refuses a database that has tables, or media folders
# with files in them: a restore never mixes with what is there.
#
#   DATABASE_URL=postgres://…/compact_portal_restored scripts/restore.sh ARCHIVE
#
# Creates the database if it does not exist (the user must be allowed to), checks the
# archive's checksums, restores, and unpacks the files into MEDIA_ROOT and
# PRIVATE_MEDIA_ROOT. Then run `manage.py migrate` (it applies nothing when the backup
# came from the same version) and start the portal against it.
set -euo pipefail
cd "$(dirname "$0")/.."
archive=${1:?Usage: scripts/restore.sh ARCHIVE}
archive=$(cd "$(dirname "$archive")" && pwd)/$(basename "$archive")
. scripts/backup-common.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xf "$archive" -C "$work"
(cd "$work" && tail -n +3 MANIFEST | sha256sum --check --quiet) || {
  echo "The archive's checksums do not match: it is damaged. Nothing was restored." >&2
  exit 1
}

for root in "$media_root" "$private_media_root"; do
  if [ -d "$root" ] && [ -n "$(ls -A "$root")" ]; then
    echo "$root is not empty: restore the files into an empty folder." >&2
    exit 1
  fi
done

# The database's name is the URL's path; the server's own `postgres` database is where
# a missing one is created from.
without_query=${database_url%%\?*}
database_name=${without_query##*/}
maintenance_url="${without_query%/*}/postgres"
exists=$(psql "$maintenance_url" -XAtc "SELECT 1 FROM pg_database WHERE datname = '${database_name//\'/\'\'}'")
if [ "$exists" != 1 ]; then
  psql "$maintenance_url" -Xqc "CREATE DATABASE \"${database_name//\"/\"\"}\""
fi
tables=$(psql "$database_url" -XAtc \
  "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
if [ "$tables" != 0 ]; then
  echo "Database $database_name already has $tables tables: restore into a fresh one." >&2
  exit 1
fi

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$database_url" "$work/database.dump"
mkdir -p "$media_root" "$private_media_root"
tar -xf "$work/media.tar" -C "$media_root"
tar -xf "$work/private.tar" -C "$private_media_root"
echo "Restored $(basename "$archive") into database $database_name, $media_root and $private_media_root."
