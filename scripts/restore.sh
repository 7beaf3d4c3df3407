#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: the database into an EMPTY PostgreSQL
# database, then the uploaded files into the storage the settings name.
#
#   DATABASE_URL=postgres://…/maillage_restored scripts/restore.sh [--create] BACKUP_DIR
#
# --create creates the database named in DATABASE_URL first. The script refuses a database
# that already holds tables: restore next to the broken one, check, then switch
# DATABASE_URL (docs/operations.md). After pg_restore it runs `migrate` (a dump from an
# older release is brought up to date) and prints what it restored.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-maillage.settings.production}"

create=false
if [ "${1:-}" = "--create" ]; then create=true; shift; fi
source_dir="${1:?usage: restore.sh [--create] BACKUP_DIR}"
: "${DATABASE_URL:?DATABASE_URL must name the (empty) PostgreSQL database to restore into}"

echo "· checking $source_dir"
(cd "$source_dir" && sha256sum --check --quiet SHA256SUMS)
sed 's/^/  /' "$source_dir/INFO"

# The server's maintenance database and the target's name, from DATABASE_URL.
read -r admin_url db_name < <("$PY" - "$DATABASE_URL" <<'PYEOF'
import sys
from urllib.parse import unquote, urlsplit, urlunsplit
url = urlsplit(sys.argv[1])
print(urlunsplit(url._replace(path="/postgres")), unquote(url.path.lstrip("/")))
PYEOF
)
if $create; then
  echo "· creating database $db_name"
  createdb --maintenance-db="$admin_url" "$db_name"
fi
tables="$(psql "$DATABASE_URL" -tAc \
  "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")"
if [ "$tables" != "0" ]; then
  echo "Refusing to restore: $db_name already holds $tables table(s). Restore into a new" >&2
  echo "database (--create with another name), then point DATABASE_URL at it." >&2
  exit 1
fi

echo "· database ← $source_dir/database.dump"
pg_restore --no-owner --no-privileges --exit-on-error --jobs "${RESTORE_JOBS:-2}" \
  --dbname "$DATABASE_URL" "$source_dir/database.dump"
psql "$DATABASE_URL" -qc "ANALYZE"
"$PY" manage.py migrate --noinput

echo "· uploaded files ← $source_dir/media.tar.gz"
"$PY" scripts/media_archive.py import "$source_dir/media.tar.gz"
# A backup made before private storage moves its files now (nothing to do otherwise).
"$PY" manage.py move_private_files

echo "· restored:"
psql "$DATABASE_URL" -tA -F ' ' -c "
  SELECT 'territories', count(*) FROM territories_territory
  UNION ALL SELECT 'organisations', count(*) FROM territories_organisation
  UNION ALL SELECT 'users', count(*) FROM accounts_user
  UNION ALL SELECT 'memberships', count(*) FROM territories_membership
  UNION ALL SELECT 'audit entries', count(*) FROM core_auditentry" | sed 's/^/  /'
