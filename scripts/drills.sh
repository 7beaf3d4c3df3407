#!/usr/bin/env bash
# make drills: the fault drills (docs/operations.md, "Faults"), each a script that exits
# non-zero when its promise breaks:
#   scripts/drill_postgres_restart.py  PostgreSQL restarted under load
#   scripts/drill_worker_kill.py       a task worker SIGKILLed mid-import and mid-report
#   scripts/drill_redis_stop.py        the Redis cache stopped, then back
#
# They run on a PostgreSQL cluster of their own, created here in $DRILL_WORK/pg with the
# server's binaries (initdb, pg_ctl) on a free loopback port and removed at the end: the
# shared server is never stopped. The data is the load test's department
# (bench/load/prepare.py, two minutes). ONLY=postgres,worker,redis picks drills.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
export DRILL_WORK=${DRILL_WORK:-/tmp/maillage-drills}
ONLY=${ONLY:-postgres,worker,redis}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$PGBIN/initdb" ] || { echo "No PostgreSQL server binaries (initdb) found: set PGBIN"; exit 2; }
mkdir -p "$DRILL_WORK"
PGDIR=$DRILL_WORK/pg
PGPORT=$("$PY" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
# initdb and the server refuse to run as root: as the postgres user when we are root.
AS=""; [ "$(id -u)" = 0 ] && AS="runuser -u postgres --"

rm -rf "$PGDIR"; mkdir -p "$PGDIR"; [ -n "$AS" ] && chown postgres "$PGDIR"
$AS "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 > "$PGDIR/initdb.log" 2>&1 \
  || { cat "$PGDIR/initdb.log"; exit 2; }
export DRILL_PG_CTL="$AS $PGBIN/pg_ctl -D $PGDIR/data -l $PGDIR/server.log -o '-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=on'"
cleanup() { eval "$DRILL_PG_CTL stop -m immediate" > /dev/null 2>&1 || true; }
trap cleanup EXIT
eval "$DRILL_PG_CTL start -w" > /dev/null || { cat "$PGDIR/server.log"; exit 2; }
echo "· drill cluster: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT ($PGDIR)"

export PYTHONPATH=$PWD DJANGO_SETTINGS_MODULE=maillage.settings.production
export DATABASE_URL=postgres://postgres@127.0.0.1:$PGPORT/drill_maillage
[ -s "$DRILL_WORK/secret" ] || "$PY" -c "import secrets; print(secrets.token_urlsafe(48))" > "$DRILL_WORK/secret"
export SECRET_KEY=$(cat "$DRILL_WORK/secret") STATIC_ROOT=$DRILL_WORK/static ALLOWED_HOSTS=127.0.0.1
echo "· building the department (1×) in drill_maillage…"
"$PY" -m bench.load.prepare "$DRILL_WORK/load.json" || exit 2
[ -s "$STATIC_ROOT/staticfiles.json" ] || "$PY" manage.py collectstatic --noinput -v0

status=0
for drill in postgres worker redis; do
  case ",$ONLY," in *",$drill,"*) ;; *) continue ;; esac
  script=scripts/drill_${drill}_$( [ $drill = postgres ] && echo restart || ([ $drill = worker ] && echo kill || echo stop)).py
  echo; echo "════ $script"
  "$PY" "$script" || status=1
done
exit $status
