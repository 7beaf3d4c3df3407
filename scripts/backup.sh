#!/usr/bin/env bash
# Back up Maillage: the PostgreSQL database (pg_dump, custom format) and every uploaded
# file (local disk or S3-compatible storage), into one dated directory.
#
#   set -a; . /etc/maillage/maillage.env; set +a
#   scripts/backup.sh [DEST_DIR]             default: $BACKUP_DIR, else ./backups
#
# Environment: DATABASE_URL (postgres://…), the storage settings the application reads
# (MEDIA_ROOT or AWS_*), BACKUP_KEEP_DAYS (default 30: older backups in DEST_DIR are
# deleted after a successful one). Prints the backup directory on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
DEST="${1:-${BACKUP_DIR:-backups}}"
KEEP_DAYS="${BACKUP_KEEP_DAYS:-30}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-maillage.settings.production}"

: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "backup.sh backs up PostgreSQL; DATABASE_URL is not a postgres:// URL." >&2; exit 1 ;;
esac

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
target="$DEST/maillage-$stamp"
umask 077
mkdir -p "$target"

# The database first, the files second: a file uploaded meanwhile is kept (harmless), a
# file the dump refers to is never missing.
echo "· database → $target/database.dump"
pg_dump --format=custom --compress=6 --no-owner --no-privileges \
  --file "$target/database.dump" --dbname "$DATABASE_URL"
pg_restore --list "$target/database.dump" >/dev/null  # readable, complete table of contents

echo "· uploaded files → $target/media.tar.gz"
"$PY" scripts/media_archive.py export "$target/media.tar.gz"

{
  echo "created_at=$stamp"
  echo "commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)"
  echo "pg_dump=$(pg_dump --version)"
  echo "settings=$DJANGO_SETTINGS_MODULE"
} >"$target/INFO"
(cd "$target" && sha256sum database.dump media.tar.gz INFO >SHA256SUMS)

# Keep the last KEEP_DAYS days (only once this backup has succeeded).
find "$DEST" -maxdepth 1 -type d -name 'maillage-*' -mtime +"$KEEP_DAYS" -print -exec rm -rf {} +

du -sh "$target" | cut -f1 | sed 's/^/· size: /'
echo "$target"
