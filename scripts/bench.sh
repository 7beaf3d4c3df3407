#!/usr/bin/env bash
# `make bench`: department-scale benchmarks on PostgreSQL (see bench/README.md).
#   make bench                    every module
#   make bench ONLY=foundation    one module (comma-separate several)
#   make bench RUNS=200           more timed runs per page (default 100)
# The databases bench_maillage and bench_maillage_10x are dropped and recreated.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export PYTHONDONTWRITEBYTECODE=1
export DJANGO_SETTINGS_MODULE=bench.settings
export BENCH_DATABASE_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench_maillage}"

pg_ready() { $PY - "$BENCH_DATABASE_URL" <<'PYEOF'
import sys, psycopg
from urllib.parse import urlsplit, urlunsplit
url = urlsplit(sys.argv[1].replace("postgres://", "postgresql://", 1))
try:
    psycopg.connect(urlunsplit(url._replace(path="/postgres")), connect_timeout=3).close()
except Exception as exc:
    print(exc); sys.exit(1)
PYEOF
}
if ! pg_ready >/dev/null 2>&1 && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  echo "PostgreSQL is not answering; starting the local cluster…" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  sleep 2
fi
if ! pg_ready; then
  echo "FAIL: make bench needs PostgreSQL at $BENCH_DATABASE_URL (set BENCH_DATABASE_URL)." >&2
  exit 1
fi

exec $PY -m bench "$@"
