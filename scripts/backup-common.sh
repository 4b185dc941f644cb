# Shared by scripts/backup.sh and scripts/restore.sh (sourced, not run).
# The database and the two media folders come from the environment, as the portal
# reads them, or from .env beside manage.py when the environment does not say.

read_setting() {  # read_setting NAME DEFAULT: the environment, else .env, else DEFAULT
  local name=$1 default=$2 value
  value=${!name:-}
  if [ -z "$value" ] && [ -f .env ]; then
    value=$(sed -n "s/^[[:space:]]*${name}=//p" .env | tail -n 1)
    value=${value%\"}; value=${value#\"}
  fi
  printf '%s' "${value:-$default}"
}

database_url=$(read_setting DATABASE_URL "")
case "$database_url" in
  postgres://*|postgresql://*|psql://*|pgsql://*) ;;
  *) echo "DATABASE_URL must name a PostgreSQL database (postgres://user:password@host:5432/name)." >&2
     exit 2 ;;
esac
# libpq reads postgresql:// URIs; django-environ's other spellings mean the same.
database_url="postgresql://${database_url#*://}"
media_root=$(read_setting MEDIA_ROOT "$PWD/media")
private_media_root=$(read_setting PRIVATE_MEDIA_ROOT "$PWD/var/private")
