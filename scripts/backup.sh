#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump's custom format) and both media
# folders (public uploads in MEDIA_ROOT, evidence in PRIVATE_MEDIA_ROOT, which are not in
# the database), into one dated archive with checksums. docs/operations.md has the procedure.
#
#   scripts/backup.sh [FOLDER]      # default: BACKUP_DIR, else var/backups
#
# Prints the archive's path. Reads DATABASE_URL, MEDIA_ROOT and PRIVATE_MEDIA_ROOT from
# the environment or .env, as the portal does. pg_dump must be of the server's major
# version or newer (docker-compose.yml's `backup` service has the right one).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/backup-common.sh

folder=${1:-$(read_setting BACKUP_DIR "$PWD/var/backups")}
mkdir -p "$folder"
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
name="compact-portal-$stamp"
staging=$(mktemp -d "$folder/.$name.XXXXXX")
trap 'rm -rf "$staging"' EXIT

# One consistent snapshot of the database, whatever is written meanwhile.
pg_dump --format=custom --no-owner --no-privileges --file="$staging/database.dump" "$database_url"
# Uploads written while this runs may be in the archive without their row, never the
# other way round: the files are read after the snapshot was taken.
for part in media private; do
  root=$media_root
  [ "$part" = private ] && root=$private_media_root
  if [ -d "$root" ]; then
    tar -cf "$staging/$part.tar" -C "$root" .
  else
    tar -cf "$staging/$part.tar" --files-from /dev/null
  fi
done
{
  echo "Compact Portal backup $stamp"
  echo "pg_dump: $(pg_dump --version)"
  (cd "$staging" && sha256sum database.dump media.tar private.tar)
} >"$staging/MANIFEST"

tar -cf "$staging/$name.tar" -C "$staging" MANIFEST database.dump media.tar private.tar
mv "$staging/$name.tar" "$folder/$name.tar"
echo "$folder/$name.tar"
